import ArgumentParser
import Foundation
import TrustMonitorAlerts
import TrustMonitorConfig
import TrustMonitorCore

/// `trustmonitor alert test NAME`: sends one test alert through a configured channel and shows what the
/// receiver answered, so a channel is known to work before an incident needs it.
struct AlertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert",
        abstract: "Alert channels.",
        subcommands: [AlertTestCommand.self]
    )
}

struct AlertTestCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send a test alert through one channel and print the receiver's answer.",
        discussion: """
            Exit status: 0 when the receiver took it, 1 when it did not (a retry or a refusal, with why),
            2 for an unknown channel or an invalid configuration.
            """
    )

    @Argument(help: "The channel's name under `alerts:`.")
    var name: String

    @Option(name: .shortAndLong, help: "The YAML configuration.")
    var config = "trustmonitor.yaml"

    func execute(output: any CommandOutput) async -> ExitStatus {
        let configuration: Configuration
        do {
            configuration = try Configuration.load(path: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            output.err("\(error)")
            output.err("trustmonitor: \(config) is invalid (see `trustmonitor validate \(config)`)")
            return .usage
        }
        guard let channel = configuration.alerts.first(where: { $0.name == name }) else {
            let names = configuration.alerts.map(\.name)
            output.err("trustmonitor: unknown alert channel '\(name)' in \(config); "
                + (names.isEmpty ? "it defines none" : "its channels: \(names.joined(separator: ", "))"))
            return .usage
        }
        let message = AlertMessage.test(channel: channel.name, at: Date())
        let sender = AlertSender(channels: configuration.alerts)
        let outcome = await sender.send(message, channel: channel.name,
                                        idempotencyKey: message.idempotencyKey(channel: channel.name))
        let kind = "\(channel.name) (\(channel.type.rawValue))"
        switch outcome {
        case .delivered(let status, let answer):
            output.out("delivered to \(kind)" + (status.map { ": \($0)" } ?? "") + (answer.isEmpty ? "" : " \(answer)"))
            return .up
        case .retry(let after, let reason):
            output.out("not delivered to \(kind), worth a retry"
                + (after.map { " after \(DurationText.format($0))" } ?? "") + ": \(reason)")
            return .down
        case .failed(let reason):
            output.out("not delivered to \(kind), refused: \(reason)")
            return .down
        }
    }
}
