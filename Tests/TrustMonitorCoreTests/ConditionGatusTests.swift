import Testing
@testable import TrustMonitorCore

/// One evaluation: the condition, the response, and what must come out.
struct EvaluationCase: Sendable, CustomTestStringConvertible {
    let condition: String
    let context: ConditionContext
    let success: Bool
    /// The expected `actual`, when it matters.
    var actual: String?
    /// The expected Gatus-style rendering (`Condition.display`), when it matters.
    var display: String?
    /// A fragment the `error` must contain; nil means the result must have no error.
    var error: String?

    var testDescription: String { condition }

    init(
        _ condition: String, _ context: ConditionContext, _ success: Bool,
        actual: String? = nil, display: String? = nil, error: String? = nil
    ) {
        self.condition = condition
        self.context = context
        self.success = success
        self.actual = actual
        self.display = display
        self.error = error
    }

    /// Parses, evaluates and checks every expectation.
    func check() throws {
        let parsed = try Condition.parse(condition)
        let result = parsed.evaluate(context)
        #expect(result.condition == condition)
        #expect(result.success == success, "actual: \(result.actual), error: \(result.error ?? "none")")
        if let actual { #expect(result.actual == actual) }
        if let display { #expect(parsed.display(result) == display) }
        if let error {
            #expect(result.error?.contains(error) == true, "error was: \(result.error ?? "none")")
        } else {
            #expect(result.error == nil)
        }
    }
}

func body(_ text: String) -> ConditionContext { ConditionContext(status: 200, body: Array(text.utf8)) }
func status(_ code: Int) -> ConditionContext { ConditionContext(status: code) }
func responseTime(_ duration: Duration) -> ConditionContext { ConditionContext(status: 200, responseTime: duration) }
func certificate(_ remaining: Duration?) -> ConditionContext {
    ConditionContext(status: 200, certificateExpiration: remaining)
}

/// Gatus's own `TestCondition_evaluate` scenarios (config/endpoint/condition_test.go), with Gatus's expected
/// rendering. Where TrustMonitor deliberately differs, the case lives in `ConditionSemanticsTests` instead.
@Suite struct ConditionGatusTests {
    static let basicsCases: [EvaluationCase] = [
        .init("[IP] == 127.0.0.1", ConditionContext(ip: "127.0.0.1"), true, display: "[IP] == 127.0.0.1"),
        .init("[STATUS] == 200", status(200), true, actual: "200", display: "[STATUS] == 200"),
        .init("[STATUS] == 200", status(500), false, actual: "500", display: "[STATUS] (500) == 200"),
        .init("[STATUS] < 300", status(201), true, display: "[STATUS] < 300"),
        .init("[STATUS] < 300", status(404), false, display: "[STATUS] (404) < 300"),
        .init("[RESPONSE_TIME] < 500", responseTime(.milliseconds(50)), true, actual: "50"),
        .init("[RESPONSE_TIME] < 1s", responseTime(.milliseconds(50)), true, display: "[RESPONSE_TIME] < 1s"),
        .init("[RESPONSE_TIME] > 500", responseTime(.milliseconds(750)), true),
        .init("[RESPONSE_TIME] > 1s", responseTime(.seconds(2)), true),
        .init("[RESPONSE_TIME] >= 500", responseTime(.milliseconds(500)), true),
        .init("[RESPONSE_TIME] >= 500", responseTime(.milliseconds(499)), false, display: "[RESPONSE_TIME] (499) >= 500"),
        .init("[RESPONSE_TIME] <= 500", responseTime(.milliseconds(500)), true),
        .init("[RESPONSE_TIME] <= 500", responseTime(.milliseconds(25)), true),
        .init("[RESPONSE_TIME] <= 500", responseTime(.milliseconds(750)), false, display: "[RESPONSE_TIME] (750) <= 500"),
        .init("[CONNECTED] == true", ConditionContext(connected: true), true, display: "[CONNECTED] == true"),
        .init("[CONNECTED] == true", ConditionContext(connected: false), false, display: "[CONNECTED] (false) == true"),
        .init("[CERTIFICATE_EXPIRATION] == 0", ConditionContext(), true, display: "[CERTIFICATE_EXPIRATION] == 0"),
        .init("[CERTIFICATE_EXPIRATION] > 2419200000", certificate(.seconds(60 * 86400)), true),
        .init(
            "[CERTIFICATE_EXPIRATION] > 2419200000", certificate(.seconds(14 * 86400)), false, actual: "336h",
            display: "[CERTIFICATE_EXPIRATION] (336h) > 2419200000"),
        .init("[CERTIFICATE_EXPIRATION] > 12h", certificate(.seconds(24 * 3600)), true),
        .init(
            "[CERTIFICATE_EXPIRATION] > 48h", certificate(.seconds(24 * 3600)), false,
            display: "[CERTIFICATE_EXPIRATION] (24h) > 48h"),
        .init("1 == 2", ConditionContext(), false, display: "1 == 2"),
    ]

    static let bodiesCases: [EvaluationCase] = [
        .init("[BODY] == test", body("test"), true, display: "[BODY] == test"),
        .init("[BODY].status == UP", body(#"{"status":"UP"}"#), true, actual: "UP"),
        .init("[BODY] == 123", body("123"), true),
        .init("[BODY] < 124", body("123"), true),
        .init("[BODY] > 122", body("123"), true),
        .init("[BODY] > 123", body("100"), false, display: "[BODY] (100) > 123"),
        .init("[BODY].data.name == john", body(#"{"data": {"id": 1, "name": "john"}}"#), true),
        .init(
            "[BODY].data.name == john", body(#"{"data": {"id": 1}}"#), false, actual: "(INVALID)",
            display: "[BODY].data.name (INVALID) == john", error: "has no key 'name'"),
        .init(
            "len([BODY].data.name) == john", body(#"{"data": {"id": 1}}"#), false,
            display: "len([BODY].data.name) (INVALID) == john", error: "has no key 'name'"),
        .init(
            "[BODY].user.firstName != [BODY].user.lastName",
            body(#"{"user": {"firstName": "john", "lastName": "doe"}}"#), true),
        .init(
            "[BODY].user.firstName == [BODY].user.lastName",
            body(#"{"user": {"firstName": "john", "lastName": "doe"}}"#), false,
            display: "[BODY].user.firstName (john) == [BODY].user.lastName (doe)"),
        .init("[BODY][0].id == 1", body(#"[{"id": 1}, {"id": 2}]"#), true),
        .init("[BODY].data == OK", body(#"{"data": null}""#), false, actual: "(INVALID)", error: "not JSON"),
        .init("[BODY].items[0] == OK", body(#"{"items": [null, null]}"#), false, error: "is null"),
        .init("[BODY].data == OK", body("null"), false, display: "[BODY].data (INVALID) == OK", error: "null"),
        .init(
            "[BODY][0].name == test", body(#"{"statusCode": 500, "message": "Internal Server Error"}"#), false,
            display: "[BODY][0].name (INVALID) == test", error: "not an array"),
        .init("[BODY].data.id == 1", body(#"{"data": {"id": 1}}"#), true),
        .init("[BODY].data[1].id == 2", body(#"{"data": [{"id": 1}, {"id": 2}, {"id": 3}]}"#), true),
        .init("[BODY].data.id > 0", body(#"{"data": {"id": 1}}"#), true),
        .init("[BODY].data.id > 5", body(#"{"data": {"id": 1}}"#), false, display: "[BODY].data.id (1) > 5"),
        .init("[BODY].balance > 100", body(#"{"balance": "123.40000000000005"}"#), true),
        .init("[BODY].data.id < 5", body(#"{"data": {"id": 2}}"#), true),
        .init("[BODY].data.id < 5", body(#"{"data": {"id": 10}}"#), false, display: "[BODY].data.id (10) < 5"),
    ]

    /// Go's integer syntax on both sides of `==` and in ordering comparisons.
    static let integerSyntaxCases: [EvaluationCase] = [
        .init("[BODY].data > 0", body(#"{"data": "0x1"}"#), true),
        .init("[BODY].data == 1", body(#"{"data": "0x1"}"#), true),
        .init("[BODY].data == 0x1", body(#"{"data": "0x1"}"#), true),
        .init("[BODY].data == 2", body(#"{"data": "0x2"}"#), true),
        .init("[BODY].data == 15", body(#"{"data": "0xF"}"#), true),
        .init("[BODY].data == 12648243", body(#"{"data": "0xC0ff33"}"#), true),
        .init("len([BODY].data) == 3", body(#"{"data": "0x1"}"#), true),
        .init("[BODY].data >= 1", body(#"{"data": "0x01"}"#), true),
        .init("len([BODY].data) == 4", body(#"{"data": "0x01"}"#), true),
        .init("[BODY].data > 0", body(#"{"data": "0o1"}"#), true),
        .init("[BODY].data == 2", body(#"{"data": "0o2"}"#), true),
        .init("[BODY].data == 0o2", body(#"{"data": "0o2"}"#), true),
        .init("[BODY].data > 0", body(#"{"data": "0b1"}"#), true),
        .init("[BODY].data == 2", body(#"{"data": "0b0010"}"#), true),
        .init("[BODY].data == 0b10", body(#"{"data": "0b0010"}"#), true),
    ]

    static let functionsCases: [EvaluationCase] = [
        .init("len([BODY].data.name) == 4", body(#"{"data": {"name": "john"}}"#), true),
        .init("len([BODY]) == 3", body(#"[{"id": 1}, {"id": 2}, {"id": 3}]"#), true, actual: "3"),
        .init("len([BODY].data) == 3", body(#"{"data": [{"id": 1}, {"id": 2}, {"id": 3}]}"#), true),
        .init(
            "len([BODY].data) == 8", body(#"{"name": "john.doe"}"#), false,
            display: "len([BODY].data) (INVALID) == 8", error: "has no key 'data'"),
        .init("len([BODY]) == 8", body("john.doe"), true),
        .init("len([BODY].name) == 8", body(#"{"name": "john.doe"}"#), true),
        .init("len([BODY].age) == 2", body(#"{"age":18}"#), true),
        .init("len([BODY].adult) == 4", body(#"{"adult":true}"#), true),
        .init("len([BODY][0]) == 23", body(#"[{"age":18,"adult":true}]"#), true),
        .init("len([BODY][0].age) == 2", body(#"[{"age":18,"adult":true}]"#), true),
        .init("len([BODY][0].adult) == 4", body(#"[{"age":18,"adult":true}]"#), true),
        .init("len([BODY]) == 20", body(#"{"name": "john.doe"}"#), true),
        .init("[BODY] == pat(*john*)", body(#"{"name": "john.doe"}"#), true),
        .init("[BODY].name == pat(john*)", body(#"{"name": "john.doe"}"#), true),
        .init(
            "[BODY].name == pat(bob*)", body(#"{"name": "john.doe"}"#), false,
            display: "[BODY].name (john.doe) == pat(bob*)"),
        .init(#"[BODY] == pat(*<div id="user">john.doe</div>*)"#, body(html("john.doe")), true),
        .init(#"[BODY] == pat(*<div id="user">john.doe</div>*)"#, body(html("jane.doe")), false),
        .init(#"pat(*<div id="user">john.doe</div>*) == [BODY]"#, body(html("jane.doe")), false),
        .init("[BODY].data == pat(*Whatever*)", body(#"{"data": ["hello", "world", "Whatever"]}"#), true),
        .init("[IP] == pat(10.*)", ConditionContext(ip: "10.0.0.0"), true),
        .init(
            "[IP] == pat(10.*)", ConditionContext(ip: "255.255.255.255"), false,
            display: "[IP] (255.255.255.255) == pat(10.*)"),
        .init("[STATUS] == pat(4*)", status(404), true),
        .init("[STATUS] == pat(4*)", status(200), false, display: "[STATUS] (200) == pat(4*)"),
        .init("[BODY].name == any(john.doe, jane.doe)", body(#"{"name": "john.doe"}"#), true),
        .init("[BODY].name == any(john.doe, jane.doe)", body(#"{"name": "jane.doe"}"#), true),
        .init(
            "[BODY].name == any(john.doe, jane.doe)", body(#"{"name": "bob"}"#), false,
            display: "[BODY].name (bob) == any(john.doe, jane.doe)"),
        .init("[STATUS] == any(200, 429)", status(200), true),
        .init("[STATUS] == any(200, 429)", status(429), true),
        .init("any(200, 429) == [STATUS]", status(429), true),
        .init("[STATUS] == any(200, 429)", status(404), false, display: "[STATUS] (404) == any(200, 429)"),
        .init("has([BODY].errors) == false", body("{}"), true),
        .init("has([BODY].article) == true", body(#"{"article": {"id": 123, "tags": ["hello"]}}"#), true),
        .init(
            "has([BODY].errors) == false", body(#"{"errors": ["1"]}"#), false,
            display: "has([BODY].errors) (true) == false"),
    ]

    static func html(_ user: String) -> String {
        #"<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /></head>"#
            + #"<body><div id="user">\#(user)</div></body></html>"#
    }

    @Test(arguments: basicsCases) func basics(_ scenario: EvaluationCase) throws { try scenario.check() }
    @Test(arguments: bodiesCases) func bodies(_ scenario: EvaluationCase) throws { try scenario.check() }
    @Test(arguments: integerSyntaxCases) func integerSyntax(_ scenario: EvaluationCase) throws { try scenario.check() }
    @Test(arguments: functionsCases) func functions(_ scenario: EvaluationCase) throws { try scenario.check() }

    /// Gatus's `TestCondition_Validate` list of valid conditions: all parse.
    @Test(arguments: [
        "[STATUS] == 200", "[STATUS] != 200", "[STATUS] <= 200", "[STATUS] >= 200", "[STATUS] < 200",
        "[STATUS] > 200", "[STATUS] == any(200, 201, 202, 203)", "[STATUS] == [BODY].status", "[CONNECTED] == true",
        "[RESPONSE_TIME] < 500", "[IP] == 127.0.0.1", "[BODY] == 1", "[BODY].test == wat", "[BODY].test.wat == wat",
        "[BODY].age == [BODY].id", "[BODY].users[0].id == 1", "len([BODY].users) == 100", "len([BODY].data) < 5",
        "has([BODY].errors) == false", "has([BODY].users[0].name) == true", "[BODY].name == pat(john*)",
        "[CERTIFICATE_EXPIRATION] > 48h", "raw == raw",
    ])
    func gatusValidConditionsParse(_ text: String) throws {
        let condition = try Condition.parse(text)
        #expect(condition.source == text)
        #expect(condition.description == text)
    }
}
