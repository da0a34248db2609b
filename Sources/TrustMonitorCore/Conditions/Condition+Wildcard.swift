/// `[*]` in a `[BODY]` path: `[BODY].items[*].status == ok` holds when it holds for every element.
///
/// As in Gatus, an empty or missing array fails (a response with nothing in it is not healthy), and a second
/// `[*]` is expanded inside each element, so all combinations must hold. Gatus lists every failing element as
/// its own result; a `ConditionResult` is one value, so the first failing element is reported, its index in
/// `actual` (`element 2: down`).
extension Condition {
    struct Wildcard {
        let onLeft: Bool
        let path: JSONPath
    }

    /// The leftmost `[*]`, as Gatus expands the first one in the condition text.
    var firstWildcard: Wildcard? {
        if let path = left.bodyPath, path.firstWildcard != nil { return Wildcard(onLeft: true, path: path) }
        if let path = right.bodyPath, path.firstWildcard != nil { return Wildcard(onLeft: false, path: path) }
        return nil
    }

    func evaluateEach(_ wildcard: Wildcard, _ input: EvaluationInput) -> ConditionResult {
        var result = ConditionResult(
            condition: source, success: false, actual: "(no elements)",
            expected: ResolvedOperand.bounded(right.source))
        guard !input.context.bodyTruncated else {
            result.actual = ResolvedOperand.notJudgedDisplay
            result.error = PlaceholderResolver.bodyNotJudged
            return result
        }
        let arrayPath = wildcard.path.beforeFirstWildcard
        let count: Int
        switch input.value(at: arrayPath) {
        case .success(.array(let elements)):
            count = elements.count
        case .success(let other):
            result.error = "no elements matched: [BODY]\(arrayPath.text) is \(other.kindName), not an array"
            return result
        case .failure(let error):
            result.error = "no elements matched: \(error.reason)"
            return result
        }
        guard count > 0 else {
            result.error = "no elements matched: [BODY]\(arrayPath.text) is empty"
            return result
        }
        var firstResult: ConditionResult?
        for index in 0..<count {
            let element = expanding(wildcard, at: index).evaluate(input)
            if firstResult == nil { firstResult = element }
            guard element.success else {
                var failed = element
                failed.actual = ResolvedOperand.bounded("element \(index): \(element.actual)")
                return failed
            }
        }
        result.success = true
        result.actual = "all \(count) elements"
        result.expected = firstResult?.expected ?? result.expected
        return result
    }

    /// This condition with the wildcard's `[*]` replaced by `[index]`; the source stays as written.
    private func expanding(_ wildcard: Wildcard, at index: Int) -> Condition {
        let path = wildcard.path.expandingFirstWildcard(with: index)
        return Condition(
            source: source,
            left: wildcard.onLeft ? left.replacingBodyPath(with: path) : left,
            comparison: comparison,
            right: wildcard.onLeft ? right : right.replacingBodyPath(with: path))
    }
}
