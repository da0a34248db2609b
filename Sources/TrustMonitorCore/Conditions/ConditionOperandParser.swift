/// Parses one side of a condition.
///
/// Gatus never rejects an operand: anything it does not recognise is compared as literal text, so a typo such
/// as `[STAUS] == 200` or `len([BODY].items == 0` is a check that silently never passes (or, with `!=`, always
/// passes). Here those are parse errors with a position: an upper-case bracketed name that is not a
/// placeholder, a `name(...)` that is not a function, unbalanced brackets or parentheses in a literal.
enum ConditionOperandParser {
    static func parse(_ text: [Character], offset: Int) throws(ConditionSyntaxError) -> ConditionOperand {
        let source = String(text)
        if let function = try parseFunction(text, offset: offset) {
            return ConditionOperand(source: source, kind: function)
        }
        if let placeholder = try parsePlaceholder(text, offset: offset) {
            return ConditionOperand(source: source, kind: .placeholder(placeholder, function: nil))
        }
        try checkBalanced(text, offset: offset)
        return ConditionOperand(source: source, kind: .literal(source))
    }

    private static let functionNames = ["len", "has", "pat", "any"]

    /// `name(...)`, where `name` is ASCII letters; nil when the operand does not have that shape.
    private static func parseFunction(
        _ text: [Character], offset: Int
    ) throws(ConditionSyntaxError) -> ConditionOperand.Kind? {
        let nameLength = text.prefix { $0.isASCII && ($0.isLetter || $0 == "_") }.count
        guard nameLength > 0, nameLength < text.count, text[nameLength] == "(" else { return nil }
        let name = String(text[..<nameLength])
        guard text.count > nameLength + 1, text.last == ")" else {
            throw ConditionSyntaxError(offset + nameLength, "unclosed parenthesis in \(name)(")
        }
        let contentStart = nameLength + 1
        let content = Array(text[contentStart..<(text.count - 1)])
        switch name {
        case "len", "has":
            let function = PlaceholderFunction(rawValue: name) ?? .length
            let leading = content.prefix { $0.isWhitespace }.count
            let inner = Array(content.dropFirst(leading).reversed().drop { $0.isWhitespace }.reversed())
            let innerOffset = offset + contentStart + leading
            guard !inner.isEmpty, let placeholder = try parsePlaceholder(inner, offset: innerOffset) else {
                throw ConditionSyntaxError(
                    innerOffset, "\(name)() takes a placeholder, like \(name)([BODY].items)")
            }
            return .placeholder(placeholder, function: function)
        case "pat":
            do {
                return .pattern(try GlobPattern(String(content)))
            } catch {
                throw ConditionSyntaxError(offset + contentStart + error.position, error.reason)
            }
        case "any":
            let options = String(content).split(separator: ",", omittingEmptySubsequences: false)
                .map { String($0).trimmingWhitespace() }
            guard options.contains(where: { !$0.isEmpty }) else {
                throw ConditionSyntaxError(offset + contentStart, "any() needs at least one value")
            }
            return .anyOf(options)
        case "age":
            throw ConditionSyntaxError(offset, "age() is not supported: conditions are judged without a clock")
        default:
            if functionNames.contains(name.lowercased()) {
                throw ConditionSyntaxError(
                    offset, "unknown function \(name)() (functions are lower-case: \(name.lowercased())())")
            }
            throw ConditionSyntaxError(offset, "unknown function \(name)() (expected len, has, pat or any)")
        }
    }

    /// `[NAME]`, `[BODY]` with a path, `[HEADER].name`; nil when the operand is not a placeholder.
    private static func parsePlaceholder(
        _ text: [Character], offset: Int
    ) throws(ConditionSyntaxError) -> Placeholder? {
        guard text.first == "[" else { return nil }
        guard let close = text.firstIndex(of: "]") else {
            throw ConditionSyntaxError(offset, "unclosed bracket")
        }
        let written = String(text[1..<close])
        let name = written.uppercased()
        let rest = Array(text[(close + 1)...])
        let restOffset = offset + close + 1
        if let placeholder = Placeholder.names[name] {
            guard rest.isEmpty else {
                throw ConditionSyntaxError(restOffset, "unexpected text after [\(name)]")
            }
            return placeholder
        }
        switch name {
        case "BODY":
            guard rest.isEmpty || rest.first == "." || rest.first == "[" else {
                throw ConditionSyntaxError(restOffset, "unexpected text after [BODY] (a path starts with '.' or '[')")
            }
            return .body(try JSONPath.parse(rest, offset: restOffset))
        case "HEADER":
            return .header(try headerName(rest, offset: restOffset))
        default:
            break
        }
        if let why = Placeholder.unsupported[name] {
            throw ConditionSyntaxError(offset, "placeholder [\(name)] is not supported: \(why)")
        }
        let looksLikePlaceholder = written == name && written.first?.isLetter == true
            && written.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
        if looksLikePlaceholder {
            throw ConditionSyntaxError(offset, "unknown placeholder [\(written)]")
        }
        return nil
    }

    /// The name after `[HEADER].`: an HTTP token (RFC 9110), matched case-insensitively later.
    private static func headerName(_ rest: [Character], offset: Int) throws(ConditionSyntaxError) -> String {
        guard rest.first == ".", rest.count > 1 else {
            throw ConditionSyntaxError(offset, "[HEADER] needs a header name, like [HEADER].content-type")
        }
        let tokenSymbols: Set<Character> = ["!", "#", "$", "%", "&", "'", "*", "+", "-", ".", "^", "_", "`", "|", "~"]
        for (index, character) in rest.enumerated().dropFirst() {
            let isToken = character.isASCII && (character.isLetter || character.isNumber || tokenSymbols.contains(character))
            guard isToken else {
                throw ConditionSyntaxError(offset + index, "invalid character '\(character)' in header name")
            }
        }
        return String(rest.dropFirst())
    }

    /// A literal must not leave a bracket or parenthesis open or close one it did not open: in practice that is
    /// a mistyped placeholder or function, which Gatus would silently compare as text.
    private static func checkBalanced(_ text: [Character], offset: Int) throws(ConditionSyntaxError) {
        var open: [(character: Character, index: Int)] = []
        for (index, character) in text.enumerated() {
            switch character {
            case "(", "[":
                open.append((character, index))
            case ")", "]":
                let expected: Character = character == ")" ? "(" : "["
                guard let last = open.popLast(), last.character == expected else {
                    throw ConditionSyntaxError(offset + index, "unexpected '\(character)'")
                }
            default:
                break
            }
        }
        if let unclosed = open.last {
            let what = unclosed.character == "(" ? "parenthesis" : "bracket"
            throw ConditionSyntaxError(offset + unclosed.index, "unclosed \(what)")
        }
    }
}
