import NIOConcurrencyHelpers
import TrustMonitorCLI

/// Captures what a command prints, so tests run the real command code in-process.
final class OutputBuffer: CommandOutput {
    private let lines = NIOLockedValueBox<(out: [String], err: [String])>(([], []))

    func out(_ text: String) { lines.withLockedValue { $0.out.append(text) } }
    func err(_ text: String) { lines.withLockedValue { $0.err.append(text) } }

    var stdout: String { lines.withLockedValue { $0.out.joined(separator: "\n") } }
    var stderr: String { lines.withLockedValue { $0.err.joined(separator: "\n") } }
}

/// Runs `trustmonitor ARGS...` and returns the exit status with the output.
func run(_ arguments: [String]) async -> (status: Int32, output: OutputBuffer) {
    let output = OutputBuffer()
    let status = await CommandLineEntry.run(arguments, output: output)
    return (status, output)
}
