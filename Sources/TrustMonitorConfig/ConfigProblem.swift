/// One thing wrong with a configuration file, located so a person can go straight to it.
///
/// The key path (`monitors[2].retry.attempts`) names the value even when the line is hard to find by eye
/// (flow mappings, long lists); line and column come from the YAML parser. Line 0 means the problem is the
/// file as a whole (it cannot be read).
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the problem has no position (an unreadable file).
    public var line: Int
    /// 1-based, counted in Unicode scalars as libyaml does; 0 with `line`.
    public var column: Int
    /// Where in the document: `server.listen`, `monitors[2].url`, `alerts[0]`; empty for the whole file.
    public var path: String
    public var message: String

    public init(file: String, line: Int, column: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// `trustmonitor.yaml:14:5: monitors[2].url: invalid URL 'htp://x': ...`, the compiler-like form that
    /// editors and terminals turn into a link.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line):\(column)" }
        text += ": "
        if !path.isEmpty { text += "\(path): " }
        return text + message
    }
}

/// Every problem found in one configuration, in line order.
///
/// Thrown as a whole rather than problem by problem: fixing a config one error per run is slow, and
/// later problems are often explained by earlier ones only when seen together.
public struct ConfigErrors: Error, CustomStringConvertible {
    public var problems: [ConfigProblem]

    public init(problems: [ConfigProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }

    /// `1 problem`, `3 problems`: the closing line of `trustmonitor validate`.
    public var summary: String {
        problems.count == 1 ? "1 problem" : "\(problems.count) problems"
    }
}
