import Testing
@testable import TrustMonitorCore

/// The JSON reader behind `[BODY]` paths and the Go-compatible text it produces.
@Suite struct ConditionJSONTests {
    static func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test(arguments: [
        (#"{"a": [1, "x", true, false, null]}"#, JSONValue.object(["a": .array([.number("1"), .string("x"), .bool(true), .bool(false), .null])])),
        (" \n\t[ ] \r\n", .array([])),
        ("{}", .object([:])),
        ("-0.5e+10", .number("-0.5e+10")),
        (#""\u00e9\n\"\/\\""#, .string("é\n\"/\\")),
        (#""\ud83d\ude00""#, .string("😀")),
        (#""\ud83d""#, .string("\u{FFFD}")),
        (#""\ud83dx""#, .string("\u{FFFD}x")),
        (#"{"k": 1, "k": 2}"#, .object(["k": .number("2")])),
        (#""é""#, .string("é")),
    ])
    func parsesValidJSON(_ text: String, _ expected: JSONValue) throws {
        #expect(try Self.parse(text) == expected)
    }

    @Test(arguments: [
        ("", 0, "unexpected end"), ("[1, 2,]", 6, "unexpected character ']'"), (#"{"a": 1,}"#, 8, "expected a string key"),
        ("// x\n{}", 0, "unexpected character '/'"), ("NaN", 0, "unexpected character 'N'"), ("01", 1, "unexpected text"),
        ("1.", 2, "expected a digit after '.'"), ("1e", 2, "exponent"), ("-", 1, "expected a digit"),
        (#""abc"#, 4, "unterminated string"), ("\"a\u{01}\"", 2, "control character"), (#""\x""#, 2, "invalid escape"),
        (#""\u12""#, 3, "four hex digits"), ("tru", 0, "expected 'true'"), ("{} {}", 3, "unexpected text"),
        ("1e400", 0, "out of range"), (#"{"a" 1}"#, 5, "expected ':'"), ("[1 2]", 3, "expected ',' or ']'"),
    ])
    func rejectsInvalidJSON(_ text: String, _ offset: Int, _ reason: String) {
        #expect {
            try Self.parse(text)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            #expect(error.offset == offset, "\(error.reason)")
            #expect(error.reason.contains(reason), "\(error.reason)")
            return true
        }
    }

    @Test func nestingIsCapped() throws {
        let deep = String(repeating: "[", count: 129) + String(repeating: "]", count: 129)
        #expect(throws: JSONParseError.self) { try Self.parse(deep) }
        let fine = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        #expect(try Self.parse(fine) != .null)
    }

    /// Numbers as Gatus prints them (Go's `%v` of a float64), except integers, which keep their text.
    @Test(arguments: [
        ("42", "42"), ("-7", "-7"), ("1234567", "1234567"), ("12345678901234567890", "12345678901234567890"),
        ("-0", "-0"), ("1.50", "1.5"), ("1.0", "1"), ("2.5e2", "250"), ("1e5", "100000"), ("1e6", "1e+06"),
        ("1234567.5", "1.2345675e+06"), ("0.0001", "0.0001"), ("0.00001", "1e-05"), ("-0.0", "-0"),
        ("123.40000000000005", "123.40000000000005"), ("1e21", "1e+21"), ("1.5e-300", "1.5e-300"),
        ("1e100", "1e+100"), ("0.1", "0.1"), ("999999.5", "999999.5"),
    ])
    func goDefaultNumberText(_ literal: String, _ expected: String) {
        #expect(JSONValue.number(literal).goDefaultText == expected)
    }

    /// Numbers as Go's `json.Marshal` writes them, for objects found at the end of a path.
    @Test(arguments: [
        (1.5, "1.5"), (1e20, "100000000000000000000"), (1e21, "1e+21"), (1e-7, "1e-7"), (0.000001, "0.000001"),
        (123456789.0, "123456789"), (-2.5e-8, "-2.5e-8"), (0.0, "0"), (1.5e-300, "1.5e-300"),
    ])
    func goJSONNumberText(_ value: Double, _ expected: String) {
        #expect(GoNumberText.formatJSON(value) == expected)
    }

    @Test(arguments: [
        (#"["a", "b c"]"#, "[a b c]"),
        (#"[1, 2.50, true, null]"#, "[1 2.5 true <nil>]"),
        (#"[{"b": 1, "a": [2, 3]}, []]"#, "[map[a:[2 3] b:1] []]"),
        (#"{"b": 1, "a": "x"}"#, #"{"a":"x","b":1}"#),
        (#"{"html": "<a href=\"x\">&</a>", "n": 1.0, "e": 1e-7, "ctl": "\u0001\t"}"#,
         #"{"ctl":"\u0001\t","e":1e-7,"html":"\u003ca href=\"x\"\u003e\u0026\u003c/a\u003e","n":1}"#),
        (#""plain""#, "plain"),
        ("null", nil),
    ] as [(String, String?)])
    func goTextOfValues(_ text: String, _ expected: String?) throws {
        #expect(try Self.parse(text).goText == expected)
    }

    @Test(arguments: [
        (#""josé""#, 5), ("[1, 2, 3]", 3), (#"{"age":18,"adult":true}"#, 23), ("true", 4), ("18", 2), ("null", nil),
    ] as [(String, Int?)])
    func lengths(_ text: String, _ expected: Int?) throws {
        #expect(try Self.parse(text).goLength == expected)
    }

    static let document = #"{"data": {"items": [{"id": 1}, {"id": 2}], "name": "n", "nil": null}, "m": [[1, 2], [3]]}"#

    @Test(arguments: [
        ("[BODY].data.items[1].id == 1", "2"),
        ("[BODY].m[1][0] == 1", "3"),
        ("[BODY].data.name == 1", "n"),
    ])
    func pathsResolve(_ condition: String, _ expected: String) throws {
        let result = try Condition.parse(condition).evaluate(body(Self.document))
        #expect(result.actual == expected)
    }

    @Test(arguments: [
        ("[BODY].missing == 1", "[BODY] has no key 'missing'"),
        ("[BODY].data.items[2].id == 1", "[BODY].data.items has 2 elements, no index 2"),
        ("[BODY].data.nil == 1", "[BODY].data.nil is null"),
        ("[BODY].data.name.first == 1", "[BODY].data.name is a string, not an object"),
        ("[BODY].data[0] == 1", "[BODY].data is an object, not an array"),
        ("[BODY].m[0].x == 1", "[BODY].m[0] is an array, not an object"),
    ])
    func pathErrorsSayWhere(_ condition: String, _ reason: String) throws {
        let result = try Condition.parse(condition).evaluate(body(Self.document))
        #expect(!result.success)
        #expect(result.actual == "(INVALID)")
        #expect(result.error == reason)
    }

    @Test func bodyThatIsNotJSONSaysWhere() throws {
        let result = try Condition.parse("[BODY].status == ok").evaluate(body(#"{"status": ok}"#))
        #expect(result.error == "the body is not JSON (unexpected character 'o' at byte 11)")
    }

    @Test(arguments: [
        ("0", 0), ("42", 42), ("+5", 5), ("-5", -5), ("0x1F", 31), ("0X1f", 31), ("0o17", 15), ("017", 15),
        ("0b101", 5), ("1_000", 1000), ("0x_1F", 31), ("0_7", 7), ("9223372036854775807", Int64.max),
        ("-9223372036854775808", Int64.min),
    ] as [(String, Int64)])
    func goIntegers(_ text: String, _ expected: Int64) {
        #expect(GoInteger.parse(text) == expected)
    }

    @Test(arguments: [
        "", "-", "08", "0x", "1_", "_1", "1__0", "1.0", "1e3", " 1", "9223372036854775808", "-9223372036854775809",
        "0xG", "abc", "0b2",
    ])
    func notGoIntegers(_ text: String) {
        #expect(GoInteger.parse(text) == nil)
    }

    @Test(arguments: [
        ("1s", ConditionNumber.integer(1000)), ("72h", .integer(259_200_000)), ("500ms", .integer(500)),
        ("0x10", .integer(16)), ("-3", .integer(-3)), ("1.5", .real(1.5)), ("2e3", .real(2000)), (".5", .real(0.5)),
        ("1d", .integer(86_400_000)),
    ])
    func numbers(_ text: String, _ expected: ConditionNumber) {
        #expect(ConditionNumber(text) == expected)
    }

    @Test(arguments: ["potato", "inf", "NaN", "1x", "", "1.2.3", "e5", "1e"])
    func notNumbers(_ text: String) {
        #expect(ConditionNumber(text) == nil)
    }
}
