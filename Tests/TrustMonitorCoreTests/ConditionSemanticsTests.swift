import Testing
@testable import TrustMonitorCore

/// Semantics beyond Gatus's own scenarios: durations, numbers against text, JSON paths, wildcards, and each
/// place where TrustMonitor deliberately fails what Gatus would pass.
@Suite struct ConditionSemanticsTests {
    static let durationsCases: [EvaluationCase] = [
        .init("[RESPONSE_TIME] < 500ms", responseTime(.milliseconds(499)), true),
        .init("[RESPONSE_TIME] < 500ms", responseTime(.milliseconds(500)), false, actual: "500"),
        .init("[RESPONSE_TIME] <= 1.5s", responseTime(.milliseconds(1500)), true),
        .init("[RESPONSE_TIME] > 1m", responseTime(.seconds(59)), false),
        .init("[RESPONSE_TIME] < 1", responseTime(.microseconds(800)), true, actual: "0"),
        .init("[CERTIFICATE_EXPIRATION] > 72h", certificate(.seconds(73 * 3600)), true),
        .init("[CERTIFICATE_EXPIRATION] > 72h", certificate(.seconds(71 * 3600 + 59 * 60 + 1)), false, actual: "71h59m1s"),
        .init("[CERTIFICATE_EXPIRATION] > 30d", certificate(.seconds(45 * 86400)), true, actual: "1080h"),
        .init("[CERTIFICATE_EXPIRATION] > 72h", certificate(.seconds(-86400)), false, actual: "-24h"),
        // Without TLS the value is 0 (as in Gatus), so a minimum-lifetime check fails rather than passes.
        .init("[CERTIFICATE_EXPIRATION] > 72h", certificate(nil), false, actual: "no certificate"),
        .init("72h < [CERTIFICATE_EXPIRATION]", certificate(.seconds(100 * 3600)), true),
        .init("[BODY].uptime > 1h", body(#"{"uptime": "2h30m"}"#), true, actual: "2h30m"),
        // `==` never reads durations, as in Gatus: 50 is not the text "1s".
        .init("[RESPONSE_TIME] == 1s", responseTime(.seconds(1)), false, actual: "1000"),
    ]

    static let numbersAndTextCases: [EvaluationCase] = [
        .init("[BODY].version == 1.2.3", body(#"{"version": "1.2.3"}"#), true),
        .init("[BODY].version != 1.2.3", body(#"{"version": "1.2.4"}"#), true),
        .init("[BODY].id == 42", body(#"{"id": 42}"#), true, actual: "42"),
        .init("[BODY].id == 042", body(#"{"id": 34}"#), true),  // Go reads 042 as octal, as Gatus does
        .init("[BODY].zip == 01234", body(#"{"zip": "01234"}"#), true),
        .init("[STATUS] == 0xC8", status(200), true),
        // Go prints the float64 1.50 as 1.5; the comparison is textual, as in Gatus.
        .init("[BODY].price == 1.50", body(#"{"price": 1.50}"#), false, actual: "1.5"),
        .init("[BODY].price == 1.5", body(#"{"price": 1.50}"#), true),
        .init("[BODY].price == 1.50", body(#"{"price": "1.50"}"#), true),
        .init("[BODY].big == 1e+06", body(#"{"big": 1e6}"#), true, actual: "1e+06"),
        .init("[BODY].small == 1e-05", body(#"{"small": 0.00001}"#), true),
        .init("[BODY].x == 100000", body(#"{"x": 1e5}"#), true),
        .init("[BODY].x == 2", body(#"{"x": 2.0}"#), true),
        // Integers are kept as written (Gatus: `1.234567e+06`, so `==` fails and `!=` passes).
        .init("[BODY].id == 1234567", body(#"{"id": 1234567}"#), true, actual: "1234567"),
        .init("[BODY].id != 1234567", body(#"{"id": 1234567}"#), false),
        .init("[BODY].id == 9007199254740993", body(#"{"id": 9007199254740993}"#), true),
        .init("[BODY].price > 1000000", body(#"{"price": 1234567.5}"#), true, actual: "1.2345675e+06"),
        .init("[BODY].ratio <= 0.5", body(#"{"ratio": 0.7}"#), false, actual: "0.7"),
        .init("[BODY].ratio > 0.5", body(#"{"ratio": 0.7}"#), true),
        .init("[BODY].temperature >= -10", body(#"{"temperature": -12}"#), false),
        .init("[BODY].n == any(1.0, 2)", body(#"{"n": 1}"#), false),  // any() compares text only
        .init("[BODY].flag == true", body(#"{"flag": true}"#), true),
        .init("[status] == 200", status(200), true),
        .init("[Body].Status == ok", body(#"{"Status": "ok"}"#), true),
        .init("[STATUS] == [BODY].code", body(#"{"code": 200}"#), true),
        .init("[BODY].expected == [STATUS]", ConditionContext(status: 503, body: Array(#"{"expected": 200}"#.utf8)), false, actual: "200"),
        .init("has([STATUS]) == false", ConditionContext(connected: false), true),
        .init("[IP] == 10.0.0.1", ConditionContext(), false, actual: ""),
        .init("has([IP]) == false", ConditionContext(), true),
        .init("len([STATUS]) == 3", status(200), true),
    ]

    /// TrustMonitor fails these; Gatus passes them, each time hiding a wrong value.
    static let noSilentPassesCases: [EvaluationCase] = [
        .init("[BODY].status != down", body(#"{"state": "up"}"#), false, actual: "(INVALID)", error: "no key 'status'"),
        .init("[BODY].count < 10", body(#"{"count": "n/a"}"#), false, error: "'n/a' is not a number"),
        .init("[BODY].count < 10", body(#"{"other": 1}"#), false, error: "no key 'count'"),
        .init("[BODY].name == pat(*)", body("[1, 2]"), false, error: "is an array, not an object"),
        .init("[BODY].count.value == 1", body(#"{"count": 1}"#), false, error: "is a number, not an object"),
        .init("[BODY].foo == hello", body(#""hello""#), false, error: "is a string, not an object"),
        .init("[BODY].items.id == x", body(#"{"items": [{"id": "x"}]}"#), false, error: "not an object"),
        .init("len([BODY]) >= 1", body("[]\n"), false, actual: "0"),
        .init("[STATUS] < 500", ConditionContext(connected: false), false, actual: "(INVALID)", error: "no response"),
        .init("[STATUS] != 500", ConditionContext(connected: false), false, error: "no response"),
        .init("len([BODY]) == 2", body("[1, 2]\n"), true),
    ]

    static let jsonPathsCases: [EvaluationCase] = [
        .init("[BODY][3][2] == 7", body("[[1, 2], [3, 4], [], [5, 6, 7]]"), true),
        .init("[BODY].data[1][1] == eeeee", body(#"{"data": [["a", "b", "c"], ["d", "eeeee", "f"]]}"#), true),
        .init("[BODY].data[0].apps[1].name == app2", body(#"{"data": [{"apps": [{"name":"app1"}, {"name":"app2"}]}]}"#), true),
        .init("[BODY].data[0].apps[1].name == app2", body(#"{"data": [{"apps": []}]}"#), false, error: "no index 1"),
        .init("[BODY].data == {\"a\":1,\"b\":\"x\"}", body(#"{"data": {"b": "x", "a": 1}}"#), true),
        .init("[BODY].tags == [a b]", body(#"{"tags": ["a", "b"]}"#), true),
        .init("[BODY].status == ok", body("<html>ok</html>"), false, error: "not JSON"),
        .init("[BODY].status == ok", body(""), false, error: "not JSON"),
        .init("[BODY].content-type == json", body(#"{"content-type": "json"}"#), true),
        .init("[BODY].message == hello world", body(#"{"message": "hello world"}"#), true),
        .init("[BODY].breadcrumb == Home > Products", body(#"{"breadcrumb": "Home > Products"}"#), true),
        .init("Home > Products == [BODY].breadcrumb", body(#"{"breadcrumb": "Home > Products"}"#), true),
        .init("[BODY].dup == 2", body(#"{"dup": 1, "dup": 2}"#), true),
        .init("len([BODY].name) == 5", body(#"{"name": "josé"}"#), true),  // bytes, as Go's len
        .init("len([BODY].empty) == 0", body(#"{"empty": []}"#), true),
        .init("has([BODY].empty) == true", body(#"{"empty": ""}"#), true),
        .init("has([BODY].gone) == false", body(#"{"gone": null}"#), true),
        .init("has([BODY].x) == false", body("not json"), true),
        .init("[BODY] == ok", body("  ok\n"), true, actual: "ok"),
        .init("has([BODY]) == false", body(" \n"), true),
    ]

    static let wildcardsCases: [EvaluationCase] = [
        .init("[BODY].items[*].status == up", body(#"{"items": [{"status": "up"}, {"status": "up"}]}"#), true, actual: "all 2 elements"),
        .init(
            "[BODY].items[*].status == up", body(#"{"items": [{"status": "up"}, {"status": "down"}]}"#), false,
            actual: "element 1: down", display: "[BODY].items[*].status (element 1: down) == up"),
        .init("[BODY].items[*].status == up", body(#"{"items": []}"#), false, actual: "(no elements)", error: "is empty"),
        .init("[BODY].items[*].status == up", body(#"{"other": 1}"#), false, error: "no elements matched"),
        .init("[BODY].items[*].status == up", body(#"{"items": {"a": 1}}"#), false, error: "not an array"),
        .init("[BODY].items[*].status == up", body(#"{"items": [{"status": "up"}, {"x": 1}]}"#), false, error: "[BODY].items[1] has no key 'status'"),
        .init("[BODY][*] > 0", body("[1, 2, 3]"), true),
        .init("[BODY][*] > 1", body("[1, 2, 3]"), false, actual: "element 0: 1"),
        .init("[BODY].m[*][*] < 10", body(#"{"m": [[1, 2], [3, 9]]}"#), true),
        .init("[BODY].m[*][*] < 9", body(#"{"m": [[1, 2], [3, 9]]}"#), false, actual: "element 1: element 1: 9"),
        .init("len([BODY].groups[*].members) > 0", body(#"{"groups": [{"members": [1]}, {"members": [2, 3]}]}"#), true),
        .init("[BODY].a[*] == [BODY].b[*]", body(#"{"a": [1, 1], "b": [1, 1]}"#), true),
    ]

    @Test(arguments: durationsCases) func durations(_ scenario: EvaluationCase) throws { try scenario.check() }
    @Test(arguments: numbersAndTextCases) func numbersAndText(_ scenario: EvaluationCase) throws { try scenario.check() }
    @Test(arguments: noSilentPassesCases) func noSilentPasses(_ scenario: EvaluationCase) throws { try scenario.check() }
    @Test(arguments: jsonPathsCases) func jsonPaths(_ scenario: EvaluationCase) throws { try scenario.check() }
    @Test(arguments: wildcardsCases) func wildcards(_ scenario: EvaluationCase) throws { try scenario.check() }

    @Test func successIsRenderedAsWritten() throws {
        let condition = try Condition.parse("[BODY].status == UP")
        let result = condition.evaluate(body(#"{"status":"UP"}"#))
        #expect(result == ConditionResult(condition: "[BODY].status == UP", success: true, actual: "UP", expected: "UP"))
        #expect(condition.display(result) == "[BODY].status == UP")
    }

    @Test(arguments: [
        ("[STATUS] == 200", false), ("[BODY] == ok", true), ("len([BODY].items) > 0", true),
        ("[HEADER].etag == x", false), ("200 == [BODY].code", true), ("[STATUS] == pat(2*)", false),
    ])
    func readsBody(_ text: String, _ expected: Bool) throws {
        #expect(try Condition.parse(text).readsBody == expected)
    }
}
