/// The pattern inside `pat(...)`: Go's `filepath.Match` syntax, as Gatus uses it.
///
/// `*` matches any run of characters, `?` one character, `[a-z]` / `[^0-9]` a class, `\` escapes. Gatus removes
/// every `/` from both the pattern and the value before matching (a `/` would otherwise stop `*`), so
/// `pat(*/health*)` is really `*health*`; that is kept, since it is what Gatus users' patterns were written
/// against. Matching works on Unicode scalars where Go works on bytes; for valid UTF-8 text the two agree.
/// A malformed pattern (`[a-`, trailing `\`) is rejected when the condition is parsed; Go would only ever say
/// "no match".
struct GlobPattern: Sendable, Hashable {
    /// The pattern as written, `/` included, for display.
    let source: String
    private let scalars: [Unicode.Scalar]

    /// Validates the pattern; the error carries the scalar offset of the problem within the pattern.
    init(_ source: String) throws(ConditionSyntaxError) {
        self.source = source
        self.scalars = source.unicodeScalars.filter { $0 != "/" }.map { $0 }
        var rest = scalars[...]
        while !rest.isEmpty {
            let (_, chunk, remainder) = Self.scanChunk(rest)
            if case .badPattern = Self.matchChunk(chunk, [][...]) {
                throw ConditionSyntaxError(0, "malformed pattern '\(source)' (check its [ ] classes and \\ escapes)")
            }
            rest = remainder
        }
    }

    func matches(_ value: String) -> Bool {
        var pattern = scalars[...]
        if pattern.elementsEqual(["*"]) { return true }
        var name = value.unicodeScalars.filter { $0 != "/" }.map { $0 }[...]
        chunks: while !pattern.isEmpty {
            let (star, chunk, remainder) = Self.scanChunk(pattern)
            pattern = remainder
            if star && chunk.isEmpty { return true }
            if case .matched(let rest) = Self.matchChunk(chunk, name), rest.isEmpty || !pattern.isEmpty {
                name = rest
                continue
            }
            if star {
                var skip = name.startIndex
                while skip < name.endIndex {
                    skip = name.index(after: skip)
                    if case .matched(let rest) = Self.matchChunk(chunk, name[skip...]) {
                        if pattern.isEmpty && !rest.isEmpty { continue }
                        name = rest
                        continue chunks
                    }
                }
            }
            return false
        }
        return name.isEmpty
    }

    private typealias Scalars = ArraySlice<Unicode.Scalar>

    private enum ChunkMatch {
        case matched(rest: Scalars)
        case failed
        case badPattern
    }

    /// Splits off leading stars and the literal chunk up to the next star outside a class.
    private static func scanChunk(_ pattern: Scalars) -> (star: Bool, chunk: Scalars, rest: Scalars) {
        var pattern = pattern
        var star = false
        while pattern.first == "*" {
            pattern = pattern.dropFirst()
            star = true
        }
        var inRange = false
        var index = pattern.startIndex
        scan: while index < pattern.endIndex {
            switch pattern[index] {
            case "\\":
                if pattern.index(after: index) < pattern.endIndex { index = pattern.index(after: index) }
            case "[": inRange = true
            case "]": inRange = false
            case "*": if !inRange { break scan }
            default: break
            }
            index = pattern.index(after: index)
        }
        return (star, pattern[..<index], pattern[index...])
    }

    /// Go's `matchChunk`: after a failure it keeps reading the chunk, so a malformed pattern is always reported.
    private static func matchChunk(_ chunk: Scalars, _ name: Scalars) -> ChunkMatch {
        var chunk = chunk
        var name = name
        var failed = false
        while let head = chunk.first {
            if !failed && name.isEmpty { failed = true }
            switch head {
            case "[":
                let scalar = failed ? nil : name.popFirst()
                chunk = chunk.dropFirst()
                let negated = chunk.first == "^"
                if negated { chunk = chunk.dropFirst() }
                var matched = false
                var ranges = 0
                while true {
                    if chunk.first == "]" && ranges > 0 {
                        chunk = chunk.dropFirst()
                        break
                    }
                    guard let low = escapedScalar(&chunk) else { return .badPattern }
                    var high = low
                    if chunk.first == "-" {
                        chunk = chunk.dropFirst()
                        guard let upper = escapedScalar(&chunk) else { return .badPattern }
                        high = upper
                    }
                    if let scalar, low <= scalar, scalar <= high { matched = true }
                    ranges += 1
                }
                if matched == negated { failed = true }
            case "?":
                if !failed { _ = name.popFirst() }
                chunk = chunk.dropFirst()
            default:
                if head == "\\" {
                    chunk = chunk.dropFirst()
                    if chunk.isEmpty { return .badPattern }
                }
                // `chunk` is non-empty here: either `head` is its first scalar, or the check above held.
                let literal = chunk.first ?? head
                if !failed {
                    if name.first != literal { failed = true }
                    _ = name.popFirst()
                }
                chunk = chunk.dropFirst()
            }
        }
        return failed ? .failed : .matched(rest: name)
    }

    /// Go's `getEsc`: one (possibly escaped) scalar of a class; nil when the class is malformed.
    private static func escapedScalar(_ chunk: inout Scalars) -> Unicode.Scalar? {
        guard let first = chunk.first, first != "-", first != "]" else { return nil }
        chunk = chunk.dropFirst()
        var scalar = first
        if first == "\\" {
            guard let escaped = chunk.popFirst() else { return nil }
            scalar = escaped
        }
        // A class must be closed: something has to follow.
        return chunk.isEmpty ? nil : scalar
    }
}
