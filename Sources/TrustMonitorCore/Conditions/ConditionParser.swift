/// Turns condition text into a `Condition`, or says where and why it is malformed.
///
/// The split follows Gatus (see `ConditionOperator`); what Gatus would accept and then silently evaluate to
/// nonsense is rejected here: no operator, an operator without spaces, an empty side, a repeated operator,
/// a literal that is not a number or duration on `<`/`>`, `pat()`/`any()` outside `==`/`!=`.
enum ConditionParser {
    static func parse(_ text: String) throws(ConditionSyntaxError) -> Condition {
        let characters = Array(text)
        guard characters.contains(where: { !$0.isWhitespace }) else {
            throw ConditionSyntaxError(0, "empty condition")
        }
        guard let comparison = ConditionOperator.searchOrder.first(where: {
            !characters.occurrences(of: $0.spaced).isEmpty
        }) else {
            throw missingOperator(characters)
        }
        let spaced = comparison.spaced
        let occurrences = characters.occurrences(of: spaced)
        let at = occurrences[0]  // non-empty: that is how `comparison` was chosen
        if occurrences.count > 1 {
            throw ConditionSyntaxError(occurrences[1] + 1, "more than one '\(comparison.rawValue)' operator")
        }
        let leftRange = trimmed(characters, 0..<at)
        let rightRange = trimmed(characters, (at + spaced.count)..<characters.count)
        guard !leftRange.isEmpty else {
            throw ConditionSyntaxError(0, "missing left-hand side before '\(comparison.rawValue)'")
        }
        guard !rightRange.isEmpty else {
            throw ConditionSyntaxError(at + spaced.count, "missing right-hand side after '\(comparison.rawValue)'")
        }
        let left = try operand(characters, leftRange, besides: comparison)
        let right = try operand(characters, rightRange, besides: comparison)
        try validate(left, at: leftRange.lowerBound, comparison, right, at: rightRange.lowerBound)
        return Condition(source: text, left: left, comparison: comparison, right: right)
    }

    /// The combinations Gatus accepts but cannot evaluate meaningfully.
    private static func validate(
        _ left: ConditionOperand, at leftOffset: Int, _ comparison: ConditionOperator,
        _ right: ConditionOperand, at rightOffset: Int
    ) throws(ConditionSyntaxError) {
        if left.isMatcher && right.isMatcher {
            throw ConditionSyntaxError(rightOffset, "pat() and any() compare against a value: use them on one side only")
        }
        guard comparison.isOrdering else { return }
        for (operand, offset) in [(left, leftOffset), (right, rightOffset)] {
            switch operand.kind {
            case .pattern, .anyOf:
                throw ConditionSyntaxError(offset, "pat() and any() only work with == and !=")
            case .literal(let text):
                guard ConditionNumber(text) == nil else { continue }
                if let first = text.first, first.isNumber || first == "." || first == "-" || first == "+" {
                    do {
                        _ = try DurationText.parse(text)
                    } catch {
                        throw ConditionSyntaxError(offset, "'\(text)' is not a number, and as a duration: \(error.reason)")
                    }
                }
                throw ConditionSyntaxError(
                    offset, "'\(text)' is not a number or a duration, which '\(comparison.rawValue)' compares")
            case .placeholder:
                continue
            }
        }
    }

    /// Parses one side. A literal may contain another operator (`[BODY].path == Home > Products` is valid Gatus);
    /// when a side fails to parse and does contain one, the condition had two operators, which is the better
    /// explanation (`[STATUS] > 5 == true`).
    private static func operand(
        _ characters: [Character], _ range: Range<Int>, besides comparison: ConditionOperator
    ) throws(ConditionSyntaxError) -> ConditionOperand {
        let text = Array(characters[range])
        do {
            return try ConditionOperandParser.parse(text, offset: range.lowerBound)
        } catch {
            for other in ConditionOperator.searchOrder where other != comparison {
                if let position = text.occurrences(of: other.spaced).first {
                    throw ConditionSyntaxError(
                        range.lowerBound + position + 1,
                        "more than one operator: '\(other.rawValue)' and '\(comparison.rawValue)'")
                }
            }
            throw error
        }
    }

    /// Explains a condition without a usable operator, pointing at the likeliest culprit: an operator with a
    /// side missing, a token that is not an operator (`=`, `=>`), an operator without spaces, else the first gap.
    private static func missingOperator(_ characters: [Character]) -> ConditionSyntaxError {
        let range = trimmed(characters, 0..<characters.count)
        let text = Array(characters[range])
        let expected = "(expected ==, !=, <, <=, > or >=)"
        for comparison in ConditionOperator.searchOrder {
            let symbol = Array(comparison.rawValue)
            if text.count > symbol.count, text.suffix(symbol.count + 1).elementsEqual([" "] + symbol) {
                return ConditionSyntaxError(range.upperBound, "missing right-hand side after '\(comparison.rawValue)'")
            }
            if text == symbol || (text.count > symbol.count && text.starts(with: symbol + [" "])) {
                return ConditionSyntaxError(range.lowerBound, "missing left-hand side before '\(comparison.rawValue)'")
            }
        }
        if let (start, token) = operatorLikeToken(text) {
            return ConditionSyntaxError(range.lowerBound + start, "unknown operator '\(token)' \(expected)")
        }
        for comparison in ConditionOperator.searchOrder {
            if let position = text.occurrences(of: Array(comparison.rawValue)).first {
                return ConditionSyntaxError(
                    range.lowerBound + position, "operator '\(comparison.rawValue)' needs a space on each side")
            }
        }
        let gap = topLevelIndices(text).first { text[$0].isWhitespace } ?? text.count
        return ConditionSyntaxError(range.lowerBound + gap, "missing operator \(expected)")
    }

    /// A space-separated token made only of `=`, `!`, `<`, `>` outside brackets: a mistyped operator.
    private static func operatorLikeToken(_ text: [Character]) -> (start: Int, token: String)? {
        let isOperatorCharacter: (Character) -> Bool = { "=!<>".contains($0) }
        for start in topLevelIndices(text) where isOperatorCharacter(text[start]) && (start == 0 || text[start - 1] == " ") {
            let end = text[start...].firstIndex { !isOperatorCharacter($0) } ?? text.count
            if end == text.count || text[end] == " " { return (start, String(text[start..<end])) }
        }
        return nil
    }

    /// Indices of `text` that are not inside brackets or parentheses.
    private static func topLevelIndices(_ text: [Character]) -> [Int] {
        var depth = 0
        var indices: [Int] = []
        for (index, character) in text.enumerated() {
            if character == ")" || character == "]" { depth = max(depth - 1, 0) }
            if depth == 0 && character != ")" && character != "]" { indices.append(index) }
            if character == "(" || character == "[" { depth += 1 }
        }
        return indices
    }

    /// `range` without leading and trailing whitespace (Go's `strings.TrimSpace`).
    private static func trimmed(_ characters: [Character], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, characters[lower].isWhitespace { lower += 1 }
        while upper > lower, characters[upper - 1].isWhitespace { upper -= 1 }
        return lower..<upper
    }
}

extension Array where Element == Character {
    /// Offsets where `needle` starts, left to right, non-overlapping.
    func occurrences(of needle: [Character]) -> [Int] {
        guard !needle.isEmpty, needle.count <= count else { return [] }
        var found: [Int] = []
        var index = 0
        while index <= count - needle.count {
            if self[index..<(index + needle.count)].elementsEqual(needle) {
                found.append(index)
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }
}
