import Testing
@testable import TrustMonitorCore

/// `pat(...)`: Go's `filepath.Match` after Gatus removes every `/`.
@Suite struct ConditionPatternTests {
    @Test(arguments: [
        ("*", "anything at all / with slashes", true),
        ("*", "", true),
        ("", "", true),
        ("", "x", false),
        ("john*", "john.doe", true),
        ("john*", "jane.doe", false),
        ("*john*", #"{"name": "john.doe"}"#, true),
        ("10.*", "10.0.0.0", true),
        ("10.*", "255.255.255.255", false),
        ("4*", "404", true),
        ("?at", "cat", true),
        ("?at", "at", false),
        ("[a-c]at", "bat", true),
        ("[^a-c]at", "bat", false),
        ("[^a-c]at", "rat", true),
        ("[abc]", "b", true),
        ("[\\]]", "]", true),
        ("\\*", "*", true),
        ("\\*", "x", false),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
        ("a*b", "ab", true),
        ("*.json", "report.json", true),
        ("*.json", "report.json.bak", false),
        ("*b", "abab", true),
        ("é?", "éa", true),
        ("?", "😀", true),
        ("*/health*", "GET /health ok", true),
        ("a/b", "ab", true),  // Gatus drops '/' from both sides
        ("*<div id=\"user\">john.doe</div>*", "<body><div id=\"user\">john.doe</div></body>", true),
        ("application/json*", "application/json; charset=utf-8", true),
        ("Application/json*", "application/json", false),  // case-sensitive
    ])
    func matches(_ pattern: String, _ value: String, _ expected: Bool) throws {
        #expect(try GlobPattern(pattern).matches(value) == expected)
    }

    @Test(arguments: ["[a-", "[", "[]", "[^]", "\\", "a[b", "[a-]", "x*[z"])
    func malformedPatternsAreRejected(_ pattern: String) {
        #expect(throws: ConditionSyntaxError.self) { try GlobPattern(pattern) }
    }

    @Test func patternKeepsItsSourceForDisplay() throws {
        #expect(try GlobPattern("*/health*").source == "*/health*")
    }
}
