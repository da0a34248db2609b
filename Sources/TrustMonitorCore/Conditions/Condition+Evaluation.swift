/// Judging a parsed condition against one response.
extension Condition {
    /// Whether any operand needs the body decoded as JSON (a path, or `len([BODY])` of an array).
    var needsJSON: Bool {
        [left, right].contains { operand in
            guard case let .placeholder(.body(path), function) = operand.kind else { return false }
            return !path.isRoot || function == .length
        }
    }

    func evaluate(_ input: EvaluationInput) -> ConditionResult {
        if let wildcard = firstWildcard {
            return evaluateEach(wildcard, input)
        }
        let lhs = PlaceholderResolver.resolve(left, in: input)
        let rhs = PlaceholderResolver.resolve(right, in: input)
        var result = ConditionResult(condition: source, success: false, actual: lhs.display, expected: rhs.display)
        let errors = [lhs.error, rhs.error].compactMap { $0 }
        guard errors.isEmpty else {
            result.error = errors.joined(separator: "; ")
            return result
        }
        if comparison.isOrdering {
            guard let lhsNumber = lhs.value.flatMap(ConditionNumber.init) else {
                result.error = "'\(lhs.display)' is not a number or a duration"
                return result
            }
            guard let rhsNumber = rhs.value.flatMap(ConditionNumber.init) else {
                result.error = "'\(rhs.display)' is not a number or a duration"
                return result
            }
            result.success = comparison.holds(forOrder: ConditionNumber.compare(lhsNumber, rhsNumber))
        } else {
            let equal = Self.isEqual(left, lhs, right, rhs)
            result.success = comparison == .equal ? equal : !equal
        }
        return result
    }

    /// Gatus's `isEqual`: a pattern or an option list on one side matches the other side's text; otherwise two
    /// values that both read as Go integers compare as integers (`0x1 == 1`), and anything else byte for byte.
    /// `any()` options compare as text only, as in Gatus.
    private static func isEqual(
        _ left: ConditionOperand, _ lhs: ResolvedOperand, _ right: ConditionOperand, _ rhs: ResolvedOperand
    ) -> Bool {
        switch (left.kind, right.kind) {
        case (.pattern(let pattern), _): return pattern.matches(rhs.value ?? "")
        case (_, .pattern(let pattern)): return pattern.matches(lhs.value ?? "")
        case (.anyOf(let options), _): return options.contains { $0.utf8.elementsEqual((rhs.value ?? "").utf8) }
        case (_, .anyOf(let options)): return options.contains { $0.utf8.elementsEqual((lhs.value ?? "").utf8) }
        default:
            let (a, b) = (lhs.value ?? "", rhs.value ?? "")
            if let x = GoInteger.parse(a), let y = GoInteger.parse(b) { return x == y }
            return a.utf8.elementsEqual(b.utf8)
        }
    }

    /// Gatus-style text of a result: the condition as written when it passed; when it failed, each side that
    /// resolved to something else followed by its value, `[STATUS] (500) == 200`, `[BODY].id (INVALID) == 1`.
    func rendered(_ result: ConditionResult) -> String {
        guard !result.success else { return source }
        func side(_ operand: ConditionOperand, _ shown: String) -> String {
            if shown == operand.source { return operand.source }
            if shown == ResolvedOperand.invalidDisplay { return "\(operand.source) \(shown)" }
            return "\(operand.source) (\(shown))"
        }
        return "\(side(left, result.actual)) \(comparison.rawValue) \(side(right, result.expected))"
    }
}
