import Yams

/// The state of one read of a configuration: the file's name and text, the environment for `${VAR}` (nil: values
/// are taken as written, as for bodies sent through the API), and every problem found so far.
///
/// Reading never stops at a problem: each reader reports and returns nil, its caller carries on with what
/// it has, so one run of `validate` lists everything that is wrong.
final class ConfigReader {
    let file: String
    let environment: [String: String]?
    private let sourceLines: [Substring]
    private(set) var problems: [ConfigProblem] = []

    init(file: String, source: String, environment: [String: String]?) {
        self.file = file
        self.environment = environment
        self.sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func report(_ message: String, path: String, at position: SourcePosition?) {
        problems.append(ConfigProblem(
            file: file, line: position?.line ?? 0, column: position?.column ?? 0, path: path, message: message))
    }

    /// `build`'s result, or nil when it reported any problem: a value read with problems is never used,
    /// even where a fallback let reading go on.
    func unlessProblems<T>(_ build: () -> T?) -> T? {
        let before = problems.count
        let value = build()
        return problems.count == before ? value : nil
    }

    /// Problems by line, then column; problems at the same place keep the order they were found in.
    var sortedProblems: [ConfigProblem] {
        problems.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }

    /// A scalar's text with `${VAR}` expanded; nil (with a problem) for a list, a mapping or a bad reference.
    func text(_ node: Node, path: String, expected: String = "a string") -> String? {
        guard case .scalar(let scalar) = node else {
            report("expected \(expected), found \(Self.describe(node))", path: path, at: node.position)
            return nil
        }
        guard let environment else { return scalar.string }
        do {
            return try EnvironmentInterpolation.expand(scalar.string, environment: environment)
        } catch {
            report(error.description, path: path, at: node.position)
            return nil
        }
    }

    /// `~`, `null` and an empty value: a key given without a value, which counts as not given.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// What a node is, for "expected X, found Y" messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar): return isNull(node) ? "no value" : "'\(scalar.string)'"
        }
    }

    /// The position of character `offset` inside a scalar's value, when the value is written on one line
    /// exactly as it reads (no escapes, no interpolation); otherwise the scalar's own position.
    func position(ofCharacter offset: Int, in text: String, node: Node) -> SourcePosition? {
        guard let mark = node.position, case .scalar(let scalar) = node, scalar.string == text,
              mark.line >= 1, mark.line <= sourceLines.count else { return node.position }
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        let start = mark.column - 1 + (quoted ? 1 : 0)
        let line = Array(sourceLines[mark.line - 1].unicodeScalars)
        let value = Array(text.unicodeScalars)
        guard start + value.count <= line.count, Array(line[start..<start + value.count]) == value else {
            return mark
        }
        let scalarOffset = String(text.prefix(offset)).unicodeScalars.count
        return SourcePosition(line: mark.line, column: start + 1 + scalarOffset)
    }
}

/// A line and column (1-based). Yams' `Mark` cannot be made outside Yams, and a problem inside a value
/// (a condition's bad character) needs a position of its own.
struct SourcePosition: Equatable {
    let line: Int
    let column: Int
}

extension SourcePosition {
    init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }
}

extension Node {
    var position: SourcePosition? { mark.map(SourcePosition.init) }
}
