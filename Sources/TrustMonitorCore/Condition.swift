/// A parsed condition in Gatus syntax, such as `[STATUS] == 200` or `[BODY].data[0].id == 42`.
///
/// Parsed once (at the edge: CLI, config) so a bad condition is a usage error with a position, never a
/// failed check; evaluated against a `ConditionContext` with no I/O.
///
/// The language is Gatus's, so a Gatus user's conditions work unchanged: operators `==` `!=` `<` `<=` `>` `>=`
/// (with a space on each side), placeholders `[STATUS]` `[IP]` `[RESPONSE_TIME]` `[CONNECTED]`
/// `[CERTIFICATE_EXPIRATION]` `[BODY]` (with JSON paths and `[*]`) plus `[HEADER].name`, functions `len()`
/// `has()` `pat()` `any()`, durations on either side of an ordering. Gatus never rejects a condition and
/// resolves what it cannot read to text or 0; TrustMonitor departs from it only where that would let a wrong
/// value pass silently or hide a typo:
/// - malformed conditions (unknown placeholder or function, unbalanced brackets, no operator, a literal
///   that is neither number nor duration on `<`/`>`) are parse errors, not checks that never pass;
/// - a missing JSON path, header or status fails the condition whatever the operator (Gatus passes `!=`, and
///   reads 0 for `<`); a non-number on `<`/`>` fails instead of reading as 0;
/// - floats compare as floats (Gatus truncates them), JSON integers keep their digits (Gatus prints
///   `1234567` as `1.234567e+06`), `len([BODY])` trims the body first, and a JSON path cannot step through an
///   array, number or string that is not an object.
/// Each rule is documented where it is implemented, in `Conditions/`.
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
