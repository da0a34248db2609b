import Yams

extension ConfigReader {
    /// Reads a request body as one config item (JSON is YAML, so the file's reader reads it): the value `read`
    /// makes of its root node, or every problem found. Nothing in it is expanded: `${VAR}` stays text.
    /// - Parameter what: what the body should be, for the one refusal that has no other words ("a monitor").
    static func readBody<T>(_ json: String, what: String, _ read: (Node, ConfigReader) -> T?)
        throws(ConfigErrors) -> T
    {
        let reader = ConfigReader(file: "body", source: json, environment: nil)
        let value = reader.body(json).flatMap { read($0, reader) }
        if !reader.problems.isEmpty { throw ConfigErrors(problems: reader.sortedProblems) }
        // Readers report whenever they return nil; should one not, the body is still refused.
        guard let value else {
            let problem = ConfigProblem(file: "body", line: 0, column: 0, path: "", message: "not \(what)")
            throw ConfigErrors(problems: [problem])
        }
        return value
    }

    /// The body's root node, or nil with its problem reported: invalid syntax, or nothing at all.
    private func body(_ text: String) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text), !ConfigReader.isNull(root) else {
                report("expected a mapping (key: value), found no value", path: "", at: nil)
                return nil
            }
            return root
        } catch {
            YAMLSyntaxProblem.report(error, in: text, to: self)
            return nil
        }
    }

    /// Names defined elsewhere (the server's alert channels, its monitors), for `NameReference.reportUnknown`.
    static func defined(_ names: [String]) -> [NameReference] {
        names.map { NameReference(name: $0, path: "", position: nil) }
    }
}
