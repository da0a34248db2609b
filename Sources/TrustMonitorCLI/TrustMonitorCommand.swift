public import ArgumentParser

/// The `trustmonitor` command tree. The executable only calls `CommandLineEntry.run`.
public struct TrustMonitorCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "trustmonitor",
        abstract: "Uptime and API-correctness monitoring whose alerts can be trusted.",
        subcommands: [CheckCommand.self, ServeCommand.self, ValidateCommand.self, DemoCommand.self, KeysCommand.self, ProbesCommand.self, TokensCommand.self, ReportCommand.self, VerifyCommand.self, BenchCommand.self, AgentCommand.self, AlertCommand.self]
    )

    public init() {}
}

/// Exit codes are public contract: scripts branch on them.
public enum ExitStatus: Int32 {
    case up = 0
    case down = 1
    case usage = 2
}
