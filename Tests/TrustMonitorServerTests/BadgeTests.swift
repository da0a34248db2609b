import Foundation
import Testing
import TrustMonitorCore
@testable import TrustMonitorServer
import TrustMonitorStore

#if canImport(FoundationXML)
import FoundationXML
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Badges as a README shows them: well-formed SVG saying the monitor's state, uptime and response time from the
/// stored rollups; an unknown monitor or window is a 4xx with a JSON body.
@Suite struct BadgeTests {
    static func fetch(_ url: String) async throws -> (status: Int, type: String?, body: String) {
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Content-Type"), String(decoding: data, as: UTF8.self))
    }

    /// The badge's accessible label (`aria-label`), read by an XML parser: the SVG must be well-formed.
    static func label(_ svg: String) throws -> String {
        final class Reader: NSObject, XMLParserDelegate {
            var label: String?
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String]) {
                if name == "svg" { label = attributes["aria-label"] }
            }
        }
        let reader = Reader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        #expect(parser.parse(), "not well-formed SVG: \(svg)")
        return try #require(reader.label)
    }

    @Test func badgesSayStateUptimeAndResponseTime() async throws {
        let directory = NSTemporaryDirectory() + "tm-badge-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/badge.db")
        try await store.migrate()
        let monitor = try await store.upsertMonitor(name: "api", endpoint: "http://a.test/", interval: .seconds(30), now: Date())
        _ = try await store.upsertMonitor(name: "quiet", endpoint: "http://b.test/", interval: .seconds(30), now: Date())
        for up in [true, true, true, false] {
            try await store.recordObservation(ObservationRecord(monitor: monitor.id, probe: "local", role: .primary,
                                                                observation: AgentRoutesTests.observation(up: up)))
        }
        try await store.setMonitorState(id: monitor.id, state: .down, since: Date())

        try await APIRoutesTests.withServer(store) { base in
            let status = try await Self.fetch(base + "/badge/api/status.svg")
            #expect(status.status == 200 && status.type?.hasPrefix("image/svg+xml") == true)
            #expect(try Self.label(status.body) == "status: down")
            let uptime = try await Self.fetch(base + "/badge/api/uptime/24h.svg")
            #expect(try Self.label(uptime.body) == "uptime 24h: 75.00%")
            #expect(uptime.body.contains("#e05d44"), "75% is red")
            let month = try await Self.fetch(base + "/badge/api/uptime/30d.svg")
            #expect(try Self.label(month.body) == "uptime 30d: 75.00%")
            let response = try await Self.fetch(base + "/badge/api/response-time.svg")
            #expect(try Self.label(response.body).hasPrefix("response time: "))
            #expect(try Self.label(response.body).hasSuffix(" ms"))
            let quiet = try await Self.fetch(base + "/badge/quiet/uptime/7d.svg")
            #expect(try Self.label(quiet.body) == "uptime 7d: no data")
            #expect(try Self.label(try await Self.fetch(base + "/badge/quiet/status.svg").body) == "status: pending")

            let unknown = try await Self.fetch(base + "/badge/nope/status.svg")
            #expect(unknown.status == 404 && unknown.body.contains("\"not_found\""))
            let window = try await Self.fetch(base + "/badge/api/uptime/1y.svg")
            #expect(window.status == 400 && window.body.contains("24h.svg"))
        }
        try await store.close()
    }

    @Test func textIsEscapedAndUptimeRoundsDown() throws {
        #expect(Badge.escape("a<b&\"c'") == "a&lt;b&amp;&quot;c&apos;")
        #expect(Badge.uptime(0.99999, window: "24h").message == "99.99%", "never rounded up to a better figure")
        #expect(Badge.uptime(1, window: "24h").message == "100%")
        #expect(Badge.uptime(0.999, window: "7d").color == .green)
        #expect(Badge.uptime(0.995, window: "7d").color == .yellowGreen)
        #expect(Badge.responseTime(1234.4).message == "1234 ms")
    }
}
