import TrustMonitorCLI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

CommandLineEntry.useEventLoopsForConcurrency()
exit(await CommandLineEntry.run(Array(CommandLine.arguments.dropFirst())))
