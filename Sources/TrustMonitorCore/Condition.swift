/// A parsed condition in Gatus syntax, such as `[STATUS] == 200` or `[BODY].data[0].id == 42`.
///
/// Parsed once (at the edge: CLI, config) so a bad condition is a usage error with a position, never a
/// failed check; evaluated against a `ConditionContext` with no I/O. The language and where it departs from
/// Gatus are described in `Conditions/` (`ConditionParser`, `PlaceholderResolver`, `ConditionNumber`, ...).
public struct Condition: Sendable, Hashable, CustomStringConvertible {
    /// The condition exactly as the user wrote it.
    public let source: String
    let left: ConditionOperand
    let comparison: ConditionOperator
    let right: ConditionOperand

    public var description: String { source }

    /// Parses `text`; throws with the character offset where it fails.
    public static func parse(_ text: String) throws(ConditionParseError) -> Condition {
        do {
            return try ConditionParser.parse(text)
        } catch {
            throw ConditionParseError(condition: text, position: error.position, reason: error.reason)
        }
    }

    /// Evaluates against one response.
    public func evaluate(_ context: ConditionContext) -> ConditionResult {
        evaluate(EvaluationInput(context: context, needsJSON: needsJSON))
    }

    /// Whether the condition looks at the body, so a prober can skip reading it when no condition does.
    public var readsBody: Bool { left.readsBody || right.readsBody }

    /// The result as Gatus shows it: the condition as written when it passed, and with each resolved side in
    /// parentheses when it failed, e.g. `[STATUS] (500) == 200`.
    public func display(_ result: ConditionResult) -> String { rendered(result) }
}

/// Why a condition could not be parsed, and where.
public struct ConditionParseError: Error, Equatable, CustomStringConvertible {
    public let condition: String
    /// Zero-based character offset in `condition` where parsing failed.
    public let position: Int
    public let reason: String

    public init(condition: String, position: Int, reason: String) {
        self.condition = condition
        self.position = position
        self.reason = reason
    }

    public var description: String {
        "invalid condition '\(condition)' at character \(position + 1): \(reason)"
    }
}

/// One condition's outcome, as stored in the observation: what was checked, what was seen, pass or fail.
public struct ConditionResult: Codable, Sendable, Equatable {
    public var condition: String
    public var success: Bool
    /// The resolved left-hand side (bounded, sensitive headers redacted).
    public var actual: String
    /// The resolved right-hand side.
    public var expected: String
    /// Why evaluation could not judge the value (missing JSON path, body not JSON, truncated body), if so.
    public var error: String?

    public init(condition: String, success: Bool, actual: String, expected: String, error: String? = nil) {
        self.condition = condition
        self.success = success
        self.actual = actual
        self.expected = expected
        self.error = error
    }
}
