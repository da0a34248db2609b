import Testing
import TrustMonitorCore

@Suite struct ResponseJudgementTests {
    static func body(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(arguments: [
        (200, [String](), "", FailureCode?.none),
        (204, [], "", nil),
        (301, [], "", .unexpectedStatus),
        (404, [], "", .http4xx),
        (429, [], "", .http4xx),
        (503, [], "", .http5xx),
        (503, ["[STATUS] == 200"], "", .http5xx),
        (404, ["[STATUS] == 404"], "", nil),
        (404, ["[status] == 404"], "", nil),
        (200, ["[STATUS] == 404"], "", .unexpectedStatus),
        (500, ["[STATUS] >= 500"], "", nil),
        (200, ["[BODY].status == ok"], "{\"status\":\"ok\"}", nil),
        (200, ["[BODY].status == ok"], "{\"status\":\"degraded\"}", .conditionFailed),
        (200, ["[STATUS] == 200", "[BODY] == pat(*healthy*)"], "all healthy", nil),
        (500, ["[BODY] == pat(*healthy*)"], "all healthy", .http5xx),
    ])
    func statusIsJudgedBeforeConditions(status: Int, conditions: [String], body: String, expected: FailureCode?) throws {
        let parsed = try conditions.map { try Condition.parse($0) }
        let verdict = ResponseJudgement.judge(conditions: parsed, context: ConditionContext(status: status, body: Self.body(body)))
        #expect(verdict.failure?.code == expected)
        #expect(verdict.results.count == conditions.count)
    }

    @Test func conditionFailureNamesTheConditionAndActualValue() throws {
        let conditions = try ["[BODY].a == 1", "[BODY].b == 2", "[BODY].c == 3"].map { try Condition.parse($0) }
        let verdict = ResponseJudgement.judge(
            conditions: conditions, context: ConditionContext(status: 200, body: Self.body("{\"a\":1,\"b\":5,\"c\":7}")))
        #expect(verdict.failure?.message == "[BODY].b == 2: actual 5 (and 1 more failed condition)")
        #expect(verdict.results.map(\.success) == [true, false, false])
    }

    @Test func tcpTargetsWithoutStatusAreJudgedOnConditionsAlone() throws {
        let verdict = ResponseJudgement.judge(conditions: [try Condition.parse("[CONNECTED] == true")],
                                              context: ConditionContext(status: nil, connected: true))
        #expect(verdict.failure == nil)
    }
}
