import ArgumentParser
import Foundation
import Hummingbird
import NIOPosix
import TrustMonitorConfig
import TrustMonitorServer

/// `trustmonitor demo`: a newcomer's first minute, with no internet: local targets that break on a
/// timetable, monitored by a real server, so incidents, suppressed false alarms and recoveries appear.
struct DemoCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start local demo targets and serve monitors of them (no internet needed)."
    )

    @Option(help: "Port for the API (0 picks a free one).")
    var port = 8080

    @Option(help: "Where the demo keeps its SQLite file (default: a new temporary folder).")
    var dataDir: String?

    func execute(output: any CommandOutput) async -> ExitStatus {
        let targets = DemoTargets()
        do {
            let targetPort = try await Self.freePort()
            let apiPort = port == 0 ? try await Self.freePort() : port
            let directory = dataDir ?? NSTemporaryDirectory() + "trustmonitor-demo-\(UUID().uuidString.prefix(8))"
            let yaml = DemoTargets.config(targetPort: targetPort, apiPort: apiPort, dataDir: directory)
            let configuration = try Configuration.parse(yaml: yaml, file: "demo.yaml",
                                                        environment: ProcessInfo.processInfo.environment)
            // The demo's admin token, printed in its hints: the operator's TRUSTMONITOR_ADMIN_TOKEN if set, else a new one.
            let token: String
            switch AdminBootstrap.secret(in: ProcessInfo.processInfo.environment) {
            case .failure(let problem): throw problem
            case .success(.chosen(let chosen)), .success(.always(let chosen)): token = chosen
            case .success(.generate): token = APIToken.generate()
            }
            let bearer = "-H 'Authorization: Bearer \(token)'"
            let targetApp = Application(router: targets.router { output.err("trustmonitor demo: alert received: \($0)") },
                                        configuration: .init(address: .hostname("127.0.0.1", port: targetPort)))
            output.err("""
                trustmonitor demo: 5 local targets on http://127.0.0.1:\(targetPort) (healthy, outage, flaky, wrong-body, slow)
                  outage-api goes down 20 s after start for 40 s: watch an incident open and resolve
                  flaky-api fails one response in seven: watch suppressed false alarms, no incident
                  wrong-body-api answers 200 with the wrong body for 30 s each 2 minutes
                  slow-api gets 300 ms slower 3 to 6 minutes after start: degraded from about minute 5, never down
                Look:  http://127.0.0.1:\(apiPort)/status     (the status page, in a browser)
                       http://127.0.0.1:\(apiPort)/login      (sign in to the dashboard with the token below)
                Token: \(token)    (admin; the API wants it as a bearer token)
                       curl -s \(bearer) http://127.0.0.1:\(apiPort)/api/v1/monitors
                       curl -s \(bearer) http://127.0.0.1:\(apiPort)/api/v1/incidents
                       curl -s \(bearer) http://127.0.0.1:\(apiPort)/api/v1/suppressed
                       curl -s \(bearer) http://127.0.0.1:\(apiPort)/api/v1/alerts     (each is printed here as it arrives)
                Data:  \(directory)    Stop: Ctrl-C
                """)
            var runtime = ServerRuntime(configuration: configuration, configPath: nil, output: output)
            runtime.extraServices = [targetApp]
            runtime.adminToken = .always(token)
            try await runtime.run()
            return .up
        } catch {
            output.err("trustmonitor demo: \(error)")
            return .down
        }
    }

    /// A port the kernel says is free now (bound to port 0, then released).
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port
        try await channel.close()
        guard let port else { throw UsageError("no free port") }
        return port
    }
}
