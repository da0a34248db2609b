import Yams

/// A YAML error from Yams as one problem at libyaml's line and column.
///
/// Yams' own descriptions carry a snippet of the file and a caret over several lines; a problem is one
/// line, so only libyaml's wording and position are kept.
enum YAMLSyntaxProblem {
    static func report(_ error: any Error, in yaml: String, to reader: ConfigReader) {
        guard let error = error as? YamlError else {
            reader.report("invalid YAML: \(error)", path: "", at: SourcePosition(line: 1, column: 1))
            return
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let notes = [context.map { "\($0.text) at line \($0.mark.line)" }, conditionHint(near: mark.line, in: yaml)]
                .compactMap { $0 }
            let during = notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"
            reader.report("invalid YAML: \(problem)\(during)", path: "", at: SourcePosition(mark))
        case .reader(let problem, let offset, _, _):
            reader.report("invalid YAML: \(problem)", path: "", at: offset.map { position(ofOffset: $0, in: yaml) })
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            reader.report("duplicate key \(keys) in one mapping (each key may appear once)", path: "",
                          at: SourcePosition(context.mark))
        default:
            reader.report("invalid YAML: \(error)", path: "", at: SourcePosition(line: 1, column: 1))
        }
    }

    /// Gatus users' commonest slip: a condition such as `[STATUS] == 200` left unquoted, which YAML reads
    /// as the start of a list. Said when the failing line, or the one before, has an unquoted placeholder.
    private static func conditionHint(near line: Int, in yaml: String) -> String? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let nearby = [line - 1, line].filter { $0 >= 1 && $0 <= lines.count }.map { lines[$0 - 1] }
        guard nearby.contains(where: hasUnquotedPlaceholder) else { return nil }
        return "quote conditions that start with '[', e.g. \"[STATUS] == 200\""
    }

    /// `[STATUS]`, `[BODY]`, `[RESPONSE_TIME]`...: `[`, capitals or `_`, `]`, not right after a quote.
    private static func hasUnquotedPlaceholder(_ line: Substring) -> Bool {
        let characters = Array(line)
        for (index, character) in characters.enumerated() where character == "[" {
            let name = characters[(index + 1)...].prefix { $0.isUppercase || $0 == "_" }
            let quoted = index > 0 && (characters[index - 1] == "\"" || characters[index - 1] == "'")
            if name.count >= 2, index + 1 + name.count < characters.count,
               characters[index + 1 + name.count] == "]", !quoted {
                return true
            }
        }
        return false
    }

    /// Line and column of a character offset, for reader errors (bad encoding), which Yams gives as one.
    private static func position(ofOffset offset: Int, in yaml: String) -> SourcePosition {
        let before = yaml.prefix(offset)
        let line = before.count(where: { $0 == "\n" }) + 1
        let column = before.reversed().prefix(while: { $0 != "\n" }).count + 1
        return SourcePosition(line: line, column: column)
    }
}
