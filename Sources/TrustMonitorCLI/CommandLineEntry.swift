import ArgumentParser
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where command output goes: stdout/stderr for the real binary, a buffer in tests.
public protocol CommandOutput: Sendable {
    func out(_ text: String)
    func err(_ text: String)
}

/// Writes to the process's standard streams.
public struct StandardOutput: CommandOutput {
    public init() {}
    public func out(_ text: String) { Self.write(text + "\n", to: 1) }
    public func err(_ text: String) { Self.write(text + "\n", to: 2) }

    /// Unbuffered writes with the syscall: no shared `FILE*` state, so nothing to race on.
    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(descriptor, raw.baseAddress, raw.count)
                #else
                Darwin.write(descriptor, raw.baseAddress, raw.count)
                #endif
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}

/// A command that reports its result as an exit status instead of exiting the process, so tests run the
/// real command code in-process.
protocol OutputtingCommand: AsyncParsableCommand {
    func execute(output: any CommandOutput) async -> ExitStatus
}

/// Parses arguments and runs the command; every usage error, of the parser or of our own validation, is
/// exit status 2 with a message on stderr (ArgumentParser's own default would be 64).
public enum CommandLineEntry {
    /// Runs Swift concurrency's jobs on NIO's event loops instead of a second thread pool, so a check's
    /// `await` on a connection resumes on the loop that completed it, without a thread hop. It must be the
    /// process's first use of concurrency; the executable calls it first thing. Returns false if too late.
    @discardableResult
    public static func useEventLoopsForConcurrency() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    public static func run(_ arguments: [String], output: any CommandOutput = StandardOutput()) async -> Int32 {
        do {
            var command = try TrustMonitorCommand.parseAsRoot(arguments)
            if let outputting = command as? any OutputtingCommand {
                return await outputting.execute(output: output).rawValue
            }
            // Built-in commands (`help`) and command groups without a subcommand end by throwing a clean exit.
            try command.run()
            return 0
        } catch {
            let message = TrustMonitorCommand.fullMessage(for: error)
            if TrustMonitorCommand.exitCode(for: error) == .success {
                output.out(message)
                return 0
            }
            output.err(message)
            return ExitStatus.usage.rawValue
        }
    }
}

/// A usage error found after parsing (a bad condition, URL, duration or file): exit 2 with this message.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
