import Foundation
import Testing

/// `trustmonitor bench pages` on a small history: every page answers, each counted as asked (numbers not asserted).
@Suite struct BenchPagesCommandTests {
    @Test func measuresEveryPageOnASmallHistory() async throws {
        let result = await run(["bench", "pages", "--monitors", "30", "--days", "3", "--requests", "2", "--json"])
        #expect(result.status == 0, "\(result.output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.stdout.utf8)) as? [String: Any])
        #expect(object["backend"] as? String == "sqlite" && object["monitors"] as? Int == 30)
        // 29 monitors with history (one stays pending): 3 days of hours up to now, and 3 days.
        #expect((object["rollups"] as? Int ?? 0) > 29 * (2 * 24 + 3))
        let pages = try #require(object["pages"] as? [[String: Any]])
        #expect(pages.compactMap { $0["path"] as? String }.prefix(3) == ["/status", "/api/v1/monitors", "/dashboard"])
        #expect(pages.count == 8)
        for page in pages {
            #expect(page["requests"] as? Int == 2, "\(page)")
            #expect((page["bytes"] as? Int ?? 0) > 1000, "\(page)")
            for key in ["server_p50_ms", "server_p99_ms", "server_max_ms", "client_p50_ms", "client_p99_ms"] {
                #expect(page[key] is Double || page[key] is Int, "missing \(key)")
            }
        }
    }

    @Test func badSizesAreUsageErrors() async {
        #expect(await run(["bench", "pages", "--monitors", "0"]).status == 2)
        #expect(await run(["bench", "pages", "--requests", "0"]).status == 2)
    }
}
