import Testing
@testable import TrustMonitorCore

/// `[HEADER].name`, redaction of sensitive values, truncated bodies, and the bound on what a result stores.
@Suite struct ConditionHeaderTests {
    static let response = ConditionContext(
        status: 200,
        body: Array(#"{"status": "ok"}"#.utf8),
        headers: [
            HeaderField(name: "Content-Type", value: "application/json; charset=utf-8"),
            HeaderField(name: "ETag", value: "abc123"),
            HeaderField(name: "Set-Cookie", value: "session=s3cr3t"),
            HeaderField(name: "Authorization", value: "Bearer abc"),
            HeaderField(name: "X-Upstream-Token", value: "t0k3n"),
            HeaderField(name: "Via", value: "first"),
            HeaderField(name: "via", value: "second"),
            HeaderField(name: "X-Empty", value: ""),
        ])

    static let headersCases: [EvaluationCase] = [
        .init("[HEADER].content-type == pat(application/json*)", response, true),
        .init("[HEADER].Content-Type == application/json; charset=utf-8", response, true),
        .init("[HEADER].CONTENT-TYPE == text/html", response, false, actual: "application/json; charset=utf-8"),
        .init("[HEADER].etag == abc123", response, true, actual: "abc123"),
        .init("[HEADER].via == first", response, true),  // the first header of that name
        .init("len([HEADER].etag) == 6", response, true),
        .init("has([HEADER].etag) == true", response, true),
        .init("has([HEADER].x-request-id) == false", response, true),
        .init("has([HEADER].x-empty) == true", response, true),  // sent, though empty
        .init("len([HEADER].x-empty) == 0", response, true),
        .init(
            "[HEADER].x-request-id == abc", response, false, actual: "(INVALID)",
            display: "[HEADER].x-request-id (INVALID) == abc", error: "no 'x-request-id' header"),
        .init("[HEADER].x-request-id != abc", response, false, error: "no 'x-request-id' header"),
        .init("[HEADER].etag == [BODY].status", response, false, actual: "abc123"),
    ]

    /// Sensitive values are compared for real but never shown.
    static let redactionCases: [EvaluationCase] = [
        .init("[HEADER].authorization == Bearer abc", response, true, actual: "[redacted]"),
        .init(
            "[HEADER].authorization == Bearer xyz", response, false, actual: "[redacted]",
            display: "[HEADER].authorization ([redacted]) == Bearer xyz"),
        .init("[HEADER].set-cookie == pat(session=*)", response, true, actual: "[redacted]"),
        .init("[HEADER].x-upstream-token != t0k3n", response, false, actual: "[redacted]"),
        .init("[HEADER].set-cookie > 5", response, false, actual: "[redacted]", error: "'[redacted]' is not a number"),
        .init("len([HEADER].authorization) == 10", response, true, actual: "10"),
    ]

    @Test(arguments: headersCases) func headers(_ scenario: EvaluationCase) throws { try scenario.check() }
    @Test(arguments: redactionCases) func redaction(_ scenario: EvaluationCase) throws { try scenario.check() }

    @Test func redactedValueAppearsNowhereInTheResult() throws {
        let condition = try Condition.parse("[HEADER].x-upstream-token == pat(other*)")
        let result = condition.evaluate(Self.response)
        #expect(!result.success)
        let everything = [result.actual, result.expected, result.error ?? "", condition.display(result)].joined()
        #expect(!everything.contains("t0k3n"))
    }

    static let truncated = ConditionContext(
        status: 200, body: Array(#"{"status": "ok", "items": [1, 2"#.utf8), bodyTruncated: true)

    @Test(arguments: [
        "[BODY].status == ok", "[BODY] == pat(*ok*)", "len([BODY]) > 0", "has([BODY].status) == true",
        "has([BODY]) == true", "[BODY].items[*] > 0", "ok == [BODY].status", "[BODY].status != down",
    ])
    func truncatedBodyIsNotJudged(_ text: String) throws {
        let result = try Condition.parse(text).evaluate(Self.truncated)
        #expect(!result.success)
        #expect(result.error == "the body exceeded the read limit and was not judged")
        #expect(result.actual == "(not judged)" || result.expected == "(not judged)")
    }

    @Test func truncatedBodyDoesNotAffectOtherPlaceholders() throws {
        let result = try Condition.parse("[STATUS] == 200").evaluate(Self.truncated)
        #expect(result.success)
        #expect(result.error == nil)
    }

    @Test func actualIsBounded() throws {
        let long = String(repeating: "x", count: 500)
        let result = try Condition.parse("[BODY] == short").evaluate(body(long))
        #expect(!result.success)
        #expect(result.actual.count == 200)
        #expect(result.actual == String(repeating: "x", count: 199) + "…")
    }

    @Test func expectedIsBoundedToo() throws {
        let long = String(repeating: "y", count: 300)
        let result = try Condition.parse("short == [BODY]").evaluate(body(long))
        #expect(result.actual == "short")
        #expect(result.expected.count == 200)
        #expect(result.expected.hasSuffix("…"))
    }

    @Test func boundedValueStillComparesInFull() throws {
        let long = String(repeating: "z", count: 300)
        let result = try Condition.parse("[BODY] == \(long)").evaluate(body(long))
        #expect(result.success)
    }
}
