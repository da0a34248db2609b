import Foundation
import Testing
@testable import TrustMonitorTestSupport

/// `trustmonitor bench probe` reports what the comparison script parses (numbers are not asserted).
@Suite struct BenchCommandTests {
    @Test func reportsEveryFieldAsJSON() async throws {
        let server = try await TestServer.start(always: .ok())
        let result = await run(["bench", "probe", "--url", server.url(), "--concurrency", "4", "--count", "40", "--json"])
        try await server.shutdown()
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.stdout.utf8)) as? [String: Any])
        #expect(object["checks"] as? Int == 40)
        #expect(object["failures"] as? Int == 0)
        for key in ["seconds", "checks_per_second", "p50_ms", "p99_ms", "cpu_seconds", "cpu_seconds_per_1000"] {
            #expect(object[key] is Double || object[key] is Int, "missing \(key)")
        }
        #expect(server.requestCount == 40)
    }

    @Test func failedChecksAreCountedAndExitOne() async throws {
        let port = try await TestServer.closedPort()
        let result = await run(["bench", "probe", "--url", "http://127.0.0.1:\(port)/", "--concurrency", "2", "--count", "4", "--json"])
        #expect(result.status == 1)
        #expect(result.output.stdout.contains("\"failures\":4"))
    }

    /// `bench anomaly` runs the engine's per-check path: with 1% of 500 monitors slowed 5x for 10 minutes (past the
    /// 5-minute minimum), exactly those 5 become degraded; bad options are a usage error.
    @Test func anomalyBenchDegradesTheSlowedMonitors() async {
        let result = await run(["bench", "anomaly", "--monitors", "500", "--interval", "10s", "--duration", "20m"])
        #expect(result.status == 0, "\(result.output.stderr)")
        #expect(result.output.stdout.contains("5 monitors became or stopped being degraded"), "\(result.output.stdout)")
        #expect(result.output.stdout.contains("% of one core"))
        #expect(await run(["bench", "anomaly", "--phases", "9"]).status == 2)
    }
}
