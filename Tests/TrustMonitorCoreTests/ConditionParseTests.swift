import Testing
@testable import TrustMonitorCore

/// Malformed conditions are rejected at the edge, with the zero-based character position of the problem.
@Suite struct ConditionParseTests {
    struct Failure: Sendable, CustomTestStringConvertible {
        let condition: String
        let position: Int
        let reason: String
        var testDescription: String { condition.isEmpty ? "(empty)" : condition }

        init(_ condition: String, _ position: Int, _ reason: String) {
            self.condition = condition
            self.position = position
            self.reason = reason
        }
    }

    static let operators: [Failure] = [
        .init("", 0, "empty condition"),
        .init("   ", 0, "empty condition"),
        .init("[STATUS]", 8, "missing operator"),
        .init("[STATUS] ? 201", 8, "missing operator"),
        .init("[STATUS]==201", 8, "operator '==' needs a space on each side"),
        .init("[STATUS] = = 201", 9, "unknown operator '='"),
        .init("[STATUS] => 201", 9, "unknown operator '=>'"),
        .init("[STATUS] ==", 11, "missing right-hand side after '=='"),
        .init("[STATUS] == ", 12, "missing right-hand side after '=='"),
        .init("== 200", 0, "missing left-hand side before '=='"),
        .init(" == 200", 0, "missing left-hand side before '=='"),
        .init("[STATUS] == 200 == 201", 16, "more than one '==' operator"),
        .init("[STATUS] > 5 == true", 9, "more than one operator: '>' and '=='"),
        .init("[STATUS] == [BODY] > 1", 19, "more than one operator: '>' and '=='"),
    ]

    static let operands: [Failure] = [
        .init("[STAUS] == 200", 0, "unknown placeholder [STAUS]"),
        .init("[STATUS] == [STAUS]", 12, "unknown placeholder [STAUS]"),
        .init("[DNS_RCODE] == NOERROR", 0, "placeholder [DNS_RCODE] is not supported"),
        .init("[DOMAIN_EXPIRATION] > 720h", 0, "placeholder [DOMAIN_EXPIRATION] is not supported"),
        .init("foo([BODY]) == 1", 0, "unknown function foo()"),
        .init("[STATUS] == LEN(1)", 12, "unknown function LEN() (functions are lower-case: len())"),
        .init("[BODY] == age([HEADER].date)", 10, "age() is not supported"),
        .init("has() == true", 4, "has() takes a placeholder"),
        .init("len(abc) == 3", 4, "len() takes a placeholder"),
        .init("any() == 1", 4, "any() needs at least one value"),
        .init("len([BODY].users == 100", 3, "unclosed parenthesis in len("),
        .init("[BODY] == pat(*x", 13, "unclosed parenthesis in pat("),
        .init("[STATUS] == (200", 12, "unclosed parenthesis"),
        .init("[STATUS] == 200)", 15, "unexpected ')'"),
        .init("[BODY.status == ok", 0, "unclosed bracket"),
        .init("[BODY]x == 1", 6, "unexpected text after [BODY]"),
        .init("[STATUS].x == 1", 8, "unexpected text after [STATUS]"),
        .init("[HEADER] == x", 8, "[HEADER] needs a header name"),
        .init("[HEADER].content type == x", 16, "invalid character ' ' in header name"),
    ]

    static let paths: [Failure] = [
        .init("[BODY].data[0 == 1", 11, "unclosed bracket in JSON path"),
        .init("[BODY].items[x] == 1", 13, "array index must be a number or *, not 'x'"),
        .init("[BODY].items[-1] == 1", 13, "array index must be a number or *, not '-1'"),
        .init("[BODY].a..b == 1", 8, "empty key in JSON path"),
        .init("[BODY].[0] == 1", 6, "empty key in JSON path"),
        .init("[BODY].a] == 1", 8, "unexpected ']' in JSON path"),
    ]

    static let comparisons: [Failure] = [
        .init("[RESPONSE_TIME] < potato", 18, "'potato' is not a number or a duration"),
        .init("[RESPONSE_TIME] < 1x", 18, "unknown unit 'x'"),
        .init("[CERTIFICATE_EXPIRATION] > 72hours", 27, "unknown unit 'hours'"),
        .init("[STATUS] < pat(2*)", 11, "pat() and any() only work with == and !="),
        .init("any(1, 2) >= [STATUS]", 0, "pat() and any() only work with == and !="),
        .init("pat(a*) == any(b)", 11, "use them on one side only"),
        .init("[BODY] == pat(*[a-*)", 14, "malformed pattern"),
        .init(#"[BODY] == pat(*\)"#, 14, "malformed pattern"),
    ]

    @Test(arguments: operators + operands + paths + comparisons)
    func rejects(_ failure: Failure) {
        #expect {
            try Condition.parse(failure.condition)
        } throws: { error in
            guard let error = error as? ConditionParseError else { return false }
            #expect(error.condition == failure.condition)
            #expect(error.position == failure.position, "reason: \(error.reason)")
            #expect(error.reason.contains(failure.reason), "reason: \(error.reason)")
            return true
        }
    }

    @Test func errorDescriptionCountsFromOne() {
        let error = ConditionParseError(condition: "[STAUS] == 200", position: 0, reason: "unknown placeholder [STAUS]")
        #expect(error.description == "invalid condition '[STAUS] == 200' at character 1: unknown placeholder [STAUS]")
    }

    /// Conditions that look odd but are valid Gatus and must keep working.
    @Test(arguments: [
        "[BODY] == pat(*<h1>Example Domain</h1>*)", "[BODY] == pat(*a < b*)", "[BODY].message == hello world",
        "[BODY].tags == [a b]", "[BODY].items[*].id > 0", "[HEADER].content-type == pat(application/json*)",
        "[BODY] == pat(*[0-9]*)", "[BODY].version == v1(beta)", "  [STATUS]  ==  200  ", "[STATUS] != any(500, 502)",
        "[BODY].price >= 1.5", "[BODY].count > -1", "[RESPONSE_TIME] < 1h30m", "[CERTIFICATE_EXPIRATION] > 30d",
        "[STATUS] == 0x1F", "[BODY].data == {\"a\":1}",
    ])
    func accepts(_ text: String) throws {
        #expect(try Condition.parse(text).source == text)
    }

    @Test func parsedConditionsAreValues() throws {
        let a = try Condition.parse("[BODY].data[0].id == 42")
        let b = try Condition.parse("[BODY].data[0].id == 42")
        let c = try Condition.parse("[BODY].data[1].id == 42")
        #expect(a == b)
        #expect(a != c)
        #expect(Set([a, b, c]).count == 2)
    }
}
