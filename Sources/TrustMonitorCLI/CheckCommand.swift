import ArgumentParser
import TrustMonitorCore
import TrustMonitorProbe

import class Foundation.JSONEncoder
import struct Foundation.Data

/// `trustmonitor check URL`: one check, printed for a person or as the `Observation` JSON.
struct CheckCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check one URL once and print the verdict, phases, conditions and every attempt.",
        discussion: """
            Exit status: 0 when up, 1 when down, 2 for usage errors or bad input.
            Targets: http://, https:// and tcp://host:port (connect only).
            Failure codes: \(FailureCode.allCases.map(\.rawValue).joined(separator: ", ")).
            """
    )

    @Argument(help: "The target: http://..., https://... or tcp://host:port.")
    var url: String

    @OptionGroup var options: CheckOptions

    @Flag(help: "Print the observation as one JSON object.")
    var json = false

    func execute(output: any CommandOutput) async -> ExitStatus {
        let request: CheckRequest
        let prober: Prober
        do {
            request = try options.checkRequest(url: url)
            prober = Prober(resolver: try options.resolver())
            try prober.validate(request)
        } catch {
            output.err("error: \(error)")
            return .usage
        }
        let observation = await prober.check(request)
        if json {
            output.out(ObservationJSON.encode(observation))
        } else {
            output.out(ObservationText.render(observation))
        }
        return observation.verdict == .up ? .up : .down
    }
}

/// JSON for `--json` and, later, the API: snake_case keys, RFC 3339 times, stable order.
enum ObservationJSON {
    static func encode(_ observation: Observation) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        guard let data = try? encoder.encode(observation) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
