import Testing
@testable import TrustMonitorConfig

/// "Did you mean" suggests only close words.
@Suite struct ClosestMatchTests {
    @Test(arguments: [
        ("intervall", "interval"),
        ("timeuot", "timeout"),
        ("URL", "url"),
        ("max_redirect", "max_redirects"),
        ("colour", nil),
        ("x", nil),
    ] as [(String, String?)])
    func suggestsCloseKeys(word: String, expected: String?) {
        let keys = ["name", "url", "interval", "timeout", "max_redirects", "method"]
        #expect(ClosestMatch.suggestion(for: word, among: keys) == expected)
    }

    @Test(arguments: [("1MiB", 1 << 20), ("512KiB", 512 << 10), ("2MB", 2_000_000), ("4096", 4096), ("10 B", 10),
                      ("1.5KiB", 1536)])
    func parsesByteCounts(text: String, bytes: Int) throws {
        #expect(try ByteCount.parse(text) == bytes)
    }
}
