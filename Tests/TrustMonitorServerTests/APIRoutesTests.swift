import Foundation
import Hummingbird
import NIOCore
import Testing
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The API over a real socket, on a real SQLite file seeded through the store.
@Suite struct APIRoutesTests {
    struct Seeded {
        let store: SQLiteStore
        let monitorID: String
        let incidentID: String
    }

    static func seed() async throws -> Seeded {
        let directory = NSTemporaryDirectory() + "tm-api-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/api.db")
        try await store.migrate()
        let monitor = try await store.upsertMonitor(name: "api", endpoint: "http://a.test/", interval: .seconds(30),
                                                    now: Date())
        func observation(_ up: Bool, at seconds: Double) -> Observation {
            let at = Date(timeIntervalSince1970: seconds)
            let attempt = Attempt(number: 1, startedAt: at, url: "http://a.test/", status: up ? 200 : 503,
                                  failure: up ? nil : Failure(.http5xx, "HTTP 503"))
            return Observation(target: "http://a.test/", method: "GET", startedAt: at, finishedAt: at, attempts: [attempt],
                               retryStop: nil)
        }
        for (index, up) in [true, true, false].enumerated() {
            try await store.recordObservation(ObservationRecord(
                monitor: monitor.id, probe: "local", role: .primary, observation: observation(up, at: 1_790_000_000 + Double(index))))
        }
        let failing = observation(false, at: 1_790_000_002)
        let verdict = ProbeVerdict(probe: "local", role: .primary, independence: "scheduled check", observation: failing)
        let incident = try await store.openIncident(Incident(
            id: "inc_test", monitor: monitor.id, monitorName: "api", endpoint: "http://a.test/",
            openedAt: failing.startedAt, failure: Failure(.http5xx, "HTTP 503"), verifications: [verdict, verdict]))
        return Seeded(store: store, monitorID: monitor.id, incidentID: incident.id)
    }

    /// The admin token every `withServer` server knows; `get`, `getText` and `authorized` send it.
    static let adminToken = APIToken.generate()

    /// Keeps `adminToken` in `store` unless it is there already (several servers may share one store).
    static func grantAdminToken(_ store: any Store) async throws {
        guard try await store.token(hash: APIToken.hash(adminToken)) == nil else { return }
        do {
            _ = try await store.createToken(name: "test-admin", scopes: [.admin], tokenHash: APIToken.hash(adminToken),
                                            now: Date())
        } catch StoreError.conflict {
            // Another server on this store kept it first.
        }
    }

    /// A request to `url` carrying `adminToken`.
    static func authorized(_ url: String, method: String = "GET") throws -> URLRequest {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.setValue("Bearer \(adminToken)", forHTTPHeaderField: "Authorization")
        return request
    }

    /// Runs the API on a kernel-chosen port while `body` makes requests to it.
    static func withServer(_ store: any Store, checkpoints: CheckpointPublisher? = nil, reportSigner: NoteSigner? = nil,
                           agents: AgentRoutes? = nil, metrics: MetricsRoute? = nil,
                           statusPage: StatusPageLayout = StatusPageLayout(), dashboard: DashboardSources = DashboardSources(),
                           _ body: @Sendable (String) async throws -> Void) async throws {
        try await grantAdminToken(store)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let router = APIRoutes.makeRouter(store: store, checkpoints: checkpoints, reportSigner: reportSigner,
                                          statusPage: statusPage, dashboard: dashboard)
        agents?.add(to: router)
        metrics?.add(to: router)
        let app = Application(router: router,
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        let running = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        do {
            try await body("http://127.0.0.1:\(port)")
        } catch {
            running.cancel()
            throw error
        }
        running.cancel()
        _ = await running.result
    }

    static func get(_ url: String) async throws -> (status: Int, json: [String: Any]) {
        let (data, response) = try await URLSession.shared.data(for: try authorized(url))
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return (status, json)
    }

    static func getText(_ url: String) async throws -> String {
        let (data, response) = try await URLSession.shared.data(for: try authorized(url))
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        return String(decoding: data, as: UTF8.self)
    }

    static func errorCode(_ json: [String: Any]) -> String? {
        (json["error"] as? [String: Any])?["code"] as? String
    }

    @Test func everyRouteAnswersWithJSON() async throws {
        let seeded = try await Self.seed()
        try await Self.withServer(seeded.store) { base in
            let health = try await Self.get(base + "/healthz")
            #expect(health.status == 200 && health.json["status"] as? String == "ok")

            let monitors = try await Self.get(base + "/api/v1/monitors")
            let list = try #require(monitors.json["monitors"] as? [[String: Any]])
            #expect(list.map { $0["name"] as? String } == ["api"])
            #expect(list.first?["state"] as? String == "down")

            let one = try await Self.get(base + "/api/v1/monitors/\(seeded.monitorID)")
            #expect(one.status == 200 && one.json["interval_ms"] as? Int == 30_000)

            let results = try await Self.get(base + "/api/v1/monitors/\(seeded.monitorID)/results?limit=2")
            let rows = try #require(results.json["results"] as? [[String: Any]])
            #expect(rows.count == 2)
            let newest = try #require(rows.first?["observation"] as? [String: Any])
            #expect(newest["verdict"] as? String == "down")
            #expect(newest["started_at"] as? String == "2026-09-21T14:13:22.000Z")

            let since = try await Self.get(base + "/api/v1/monitors/\(seeded.monitorID)/results?since=2026-09-21T14:13:21Z")
            #expect((since.json["results"] as? [[String: Any]])?.count == 2)

            let open = try await Self.get(base + "/api/v1/incidents?state=open&monitor=\(seeded.monitorID)")
            let incidents = try #require(open.json["incidents"] as? [[String: Any]])
            #expect(incidents.map { $0["id"] as? String } == [seeded.incidentID])
            #expect(incidents.first?["monitor_name"] as? String == "api")

            let resolved = try await Self.get(base + "/api/v1/incidents?state=resolved")
            #expect((resolved.json["incidents"] as? [[String: Any]])?.isEmpty == true)

            let incident = try await Self.get(base + "/api/v1/incidents/\(seeded.incidentID)")
            #expect((incident.json["failure"] as? [String: Any])?["code"] as? String == "http_5xx")
            #expect((incident.json["verifications"] as? [[String: Any]])?.count == 2)

            let suppressed = try await Self.get(base + "/api/v1/suppressed")
            #expect((suppressed.json["suppressed"] as? [[String: Any]])?.isEmpty == true)
        }
        try await seeded.store.close()
    }

    @Test func badInputIsA4xxWithAJSONError() async throws {
        let seeded = try await Self.seed()
        let cases: [(String, Int, String)] = [
            ("/api/v1/monitors/mon_nope", 404, "not_found"),
            ("/api/v1/monitors/mon_nope/results", 404, "not_found"),
            ("/api/v1/monitors/\(seeded.monitorID)/results?since=yesterday", 400, "invalid_parameter"),
            ("/api/v1/monitors/\(seeded.monitorID)/results?limit=0", 400, "invalid_parameter"),
            ("/api/v1/monitors/\(seeded.monitorID)/results?limit=abc", 400, "invalid_parameter"),
            ("/api/v1/incidents?state=bogus", 400, "invalid_parameter"),
            ("/api/v1/incidents/inc_nope", 404, "not_found"),
            ("/api/v1/nope", 404, "not_found"),
        ]
        try await Self.withServer(seeded.store) { base in
            for (path, status, code) in cases {
                let response = try await Self.get(base + path)
                #expect(response.status == status, "\(path)")
                #expect(Self.errorCode(response.json) == code, "\(path)")
                #expect(((response.json["error"] as? [String: Any])?["message"] as? String)?.isEmpty == false)
            }
        }
        try await seeded.store.close()
    }
}
