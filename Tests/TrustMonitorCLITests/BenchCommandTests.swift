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
}
