import ArgumentParser
import TrustMonitorCore
import TrustMonitorProbe


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

/// JSON for `--json`: the observation in the one JSON form of our values.
enum ObservationJSON {
    static func encode(_ observation: Observation) -> String {
        // Encoding cannot fail: every field is a string, number or nested value of these.
        guard let data = try? JSONCoding.encoder().encode(observation) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
