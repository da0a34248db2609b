import ArgumentParser
import TrustMonitorConfig

import class Foundation.ProcessInfo

/// `trustmonitor validate FILE`: reads a configuration exactly as `serve` will and lists every problem,
/// so a config change can be checked (in CI, before a deploy) without starting anything.
struct ValidateCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a configuration file and list every problem in it.",
        discussion: """
            Exit status: 0 when the file is valid, 2 when it is not or cannot be read.
            ${VAR} and ${VAR:-default} in values are filled from this process's environment, as serve does.
            """
    )

    @Argument(help: "The configuration file (YAML).")
    var file: String

    func execute(output: any CommandOutput) async -> ExitStatus {
        do throws(ConfigErrors) {
            let config = try Configuration.load(path: file, environment: ProcessInfo.processInfo.environment)
            let monitors = Self.count(config.monitors.count, "monitor")
            let channels = Self.count(config.alerts.count, "alert channel")
            output.out("\(file): OK (\(monitors), \(channels))")
            return .up
        } catch {
            for problem in error.problems { output.err(problem.description) }
            output.err(error.summary)
            return .usage
        }
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
