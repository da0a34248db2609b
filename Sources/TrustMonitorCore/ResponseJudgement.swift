/// Turns a complete response into a verdict: which conditions passed and which failure, if any, it is.
///
/// The status is judged first so a 503 is `http_5xx` (transient, retried) rather than a failed condition
/// (not retried); only a response whose status is acceptable can be `condition_failed`, the silent-failure
/// case of a 200 with the wrong body.
public enum ResponseJudgement {
    /// The statuses accepted when no condition looks at `[STATUS]`.
    public static let defaultAcceptedStatuses = 200...299

    public static func judge(conditions: [Condition], context: ConditionContext) -> (
        results: [ConditionResult], failure: Failure?
    ) {
        let results = conditions.map { $0.evaluate(context) }
        if let status = context.status {
            let statusResults = zip(conditions, results).filter { $0.0.isStatusCondition }.map(\.1)
            let accepted = statusResults.isEmpty
                ? defaultAcceptedStatuses.contains(status) : statusResults.allSatisfy(\.success)
            if !accepted {
                let expectation = statusResults.first(where: { !$0.success }).map { "expected \($0.condition)" }
                    ?? "expected 2xx"
                return (results, statusFailure(status, expectation: expectation))
            }
        }
        if let failed = results.first(where: { !$0.success }) {
            let others = results.filter { !$0.success }.count - 1
            var message = "\(failed.condition): actual \(failed.actual.isEmpty ? "(empty)" : failed.actual)"
            if let error = failed.error { message += " (\(error))" }
            if others > 0 { message += " (and \(others) more failed condition\(others == 1 ? "" : "s"))" }
            return (results, Failure(.conditionFailed, message))
        }
        return (results, nil)
    }

    static func statusFailure(_ status: Int, expectation: String) -> Failure {
        switch status {
        case 400...499: return Failure(.http4xx, "HTTP \(status) (\(expectation))")
        case 500...599: return Failure(.http5xx, "HTTP \(status) (\(expectation))")
        default: return Failure(.unexpectedStatus, "HTTP \(status) (\(expectation))")
        }
    }
}

extension Condition {
    /// True for conditions about the status alone (`[STATUS] == 200`, `[STATUS] < 300`): they replace the
    /// default 2xx expectation, so a monitor can expect a 404 or a 301.
    /// `[STATUS]` on either side, bare (not inside `len()` or `has()`), as the parser read it.
    public var isStatusCondition: Bool {
        func isBareStatus(_ operand: ConditionOperand) -> Bool {
            if case .placeholder(.status, function: nil) = operand.kind { return true }
            return false
        }
        return isBareStatus(left) || isBareStatus(right)
    }
}
