/// The path after `[BODY]`: `.data[0].id`, `[0].name`, `.matrix[1][2]`, `.items[*].status`.
///
/// Gatus's syntax: keys separated by dots, array indexes in brackets, nested arrays as `[1][2]`, and `[*]` for
/// "every element". Parsed when the condition is parsed, so a path that can never resolve (`[BODY].a..b`,
/// `[BODY].items[x]`, an unclosed `[`) is a usage error with a position, not a check that always fails.
struct JSONPath: Sendable, Hashable {
    enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
        /// `[*]`: the condition is evaluated once per element (see `Condition+Wildcard.swift`).
        case wildcard
    }

    var segments: [Segment]

    static let root = JSONPath(segments: [])

    var isRoot: Bool { segments.isEmpty }

    var firstWildcard: Int? { segments.firstIndex(of: .wildcard) }

    /// Parses `text` (what follows `[BODY]`); `offset` is where it starts in the condition, for errors.
    static func parse(_ text: [Character], offset: Int) throws(ConditionSyntaxError) -> JSONPath {
        var segments: [Segment] = []
        var index = 0
        while index < text.count {
            switch text[index] {
            case ".":
                let start = index + 1
                var end = start
                while end < text.count, text[end] != ".", text[end] != "[" {
                    if text[end] == "]" { throw ConditionSyntaxError(offset + end, "unexpected ']' in JSON path") }
                    end += 1
                }
                guard end > start else {
                    throw ConditionSyntaxError(offset + index, "empty key in JSON path after '.'")
                }
                segments.append(.key(String(text[start..<end])))
                index = end
            case "[":
                guard let close = text[index...].firstIndex(of: "]") else {
                    throw ConditionSyntaxError(offset + index, "unclosed bracket in JSON path")
                }
                let content = String(text[(index + 1)..<close])
                if content == "*" {
                    segments.append(.wildcard)
                } else if !content.isEmpty, content.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(content) {
                    segments.append(.index(number))
                } else {
                    throw ConditionSyntaxError(
                        offset + index + 1, "array index must be a number or *, not '\(content)'")
                }
                index = close + 1
            default:
                throw ConditionSyntaxError(offset + index, "expected '.' or '[' in JSON path, found '\(text[index])'")
            }
        }
        return JSONPath(segments: segments)
    }

    /// The path with its first `[*]` replaced by `[index]`.
    func expandingFirstWildcard(with index: Int) -> JSONPath {
        var copy = self
        if let position = firstWildcard { copy.segments[position] = .index(index) }
        return copy
    }

    /// The path up to (not including) its first `[*]`: where the array to expand lives.
    var beforeFirstWildcard: JSONPath {
        JSONPath(segments: Array(segments.prefix(firstWildcard ?? segments.count)))
    }

    /// The text of the path as written, for messages (`.data[0].id`).
    var text: String {
        segments.map { segment in
            switch segment {
            case .key(let key): "." + key
            case .index(let index): "[\(index)]"
            case .wildcard: "[*]"
            }
        }.joined()
    }

    /// Walks `value`; fails with the reason when a step does not exist.
    ///
    /// Stricter than Gatus in three places, each of which Gatus turns into a silent pass: a key looked up on an
    /// array (Gatus answers with the whole array), a path that continues past a number or boolean (Gatus stops
    /// and answers with that scalar), and a key looked up on a scalar body.
    func resolve(in value: JSONValue) -> Result<JSONValue, PathError> {
        var current = value
        var walked = "[BODY]"
        for segment in segments {
            switch (segment, current) {
            case let (.key(key), .object(members)):
                guard let next = members[key] else { return .failure(PathError("\(walked) has no key '\(key)'")) }
                current = next
            case let (.index(index), .array(elements)):
                guard index < elements.count else {
                    return .failure(PathError("\(walked) has \(elements.count) elements, no index \(index)"))
                }
                current = elements[index]
            case (.wildcard, _):
                return .failure(PathError("\(walked)[*] cannot be resolved to one value"))
            case (.key, _):
                return .failure(PathError("\(walked) is \(current.kindName), not an object"))
            case (.index, _):
                return .failure(PathError("\(walked) is \(current.kindName), not an array"))
            }
            walked += JSONPath(segments: [segment]).text
        }
        if current == .null { return .failure(PathError("\(walked) is null")) }
        return .success(current)
    }

    struct PathError: Error, Equatable {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
