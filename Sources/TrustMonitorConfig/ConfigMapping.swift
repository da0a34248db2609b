import TrustMonitorCore
import Yams

/// One YAML mapping being read into typed values: known keys are handed out, unknown ones reported once.
///
/// Every accessor reports its own problem (wrong type, bad value, out of range) against the key's path and
/// position and returns nil, so callers only decide defaults and cross-field rules.
struct ConfigMapping {
    let path: String
    let position: SourcePosition?
    let reader: ConfigReader
    private var values: [String: Node] = [:]

    /// Nil, with a problem, when `node` is not a mapping.
    /// - Parameter ignoring: keys accepted and skipped (the top level's `x-` keys, which hold anchors).
    init?(_ node: Node, path: String, known: [String], reader: ConfigReader,
          ignoring: (String) -> Bool = { _ in false }) {
        guard case .mapping(let mapping) = node else {
            reader.report("expected a mapping (key: value), found \(ConfigReader.describe(node))",
                          path: path, at: node.position)
            return nil
        }
        self.path = path
        self.position = node.position
        self.reader = reader
        var explicit: [(key: Node, value: Node)] = []
        var merged: [(key: Node, value: Node)] = []
        for pair in mapping {
            if case .scalar(let key) = pair.key, key.style == .plain, key.string == "<<" {
                merged += Self.mergedPairs(pair.value, path: path, reader: reader)
            } else {
                explicit.append(pair)
            }
        }
        for (index, pair) in (explicit + merged).enumerated() {
            guard case .scalar(let key) = pair.key else {
                reader.report("a key must be text, found \(ConfigReader.describe(pair.key))", path: path,
                              at: pair.key.position)
                continue
            }
            if ignoring(key.string) || (index >= explicit.count && values[key.string] != nil) { continue }
            guard known.contains(key.string) else {
                let hint = ClosestMatch.hint(for: key.string, among: known, knownLabel: "known keys")
                reader.report("unknown key '\(key.string)' \(hint)", path: childPath(key.string),
                              at: pair.key.position)
                continue
            }
            values[key.string] = pair.value
        }
    }

    /// YAML's merge key: `<<: *defaults` (or a list of anchors) adds the keys this mapping does not set
    /// itself; with a list, earlier mappings win.
    private static func mergedPairs(_ value: Node, path: String, reader: ConfigReader) -> [(key: Node, value: Node)] {
        switch value {
        case .mapping(let mapping):
            return Array(mapping)
        case .sequence(let sequence) where sequence.allSatisfy({ $0.mapping != nil }):
            return sequence.flatMap { $0.mapping.map(Array.init) ?? [] }
        default:
            reader.report("'<<' merges a mapping or a list of mappings, found \(ConfigReader.describe(value))",
                          path: path, at: value.position)
            return []
        }
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value's node; nil when the key is absent or has no value (`key:`, `~`, `null`).
    func node(_ key: String) -> Node? {
        guard let node = values[key], !ConfigReader.isNull(node) else { return nil }
        return node
    }

    /// Where to report a problem about `key`: its value if given, else the mapping itself.
    func position(_ key: String) -> SourcePosition? { node(key)?.position ?? position }

    func report(_ message: String, key: String) {
        reader.report(message, path: childPath(key), at: position(key))
    }

    func string(_ key: String) -> String? {
        node(key).flatMap { reader.text($0, path: childPath(key)) }
    }

    /// Whether a key that must be given is; reports "missing required key" when it is not.
    func require(_ key: String) -> Bool {
        guard node(key) == nil else { return true }
        let message = values[key] == nil ? "missing required key '\(key)'" : "required key '\(key)' has no value"
        reader.report(message, path: childPath(key), at: values[key]?.position ?? position)
        return false
    }

    func requiredString(_ key: String) -> String? {
        require(key) ? string(key) : nil
    }

    /// The value converted by `convert`; a thrown error's description becomes the problem's message.
    func value<T>(_ key: String, expected: String = "a string", _ convert: (String) throws -> T) -> T? {
        guard let node = node(key), let text = reader.text(node, path: childPath(key), expected: expected) else {
            return nil
        }
        do {
            return try convert(text)
        } catch {
            reader.report("\(error)", path: childPath(key), at: node.position)
            return nil
        }
    }

    func integer(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? {
        value(key, expected: "an integer") { text throws(ConfigValueError) in
            guard let number = Int(text.trimming(" \t")) else {
                throw ConfigValueError("expected an integer, found '\(text)'")
            }
            if let range, !range.contains(number) {
                throw ConfigValueError("must be \(range.lowerBound) to \(range.upperBound) (found \(number))")
            }
            return number
        }
    }

    func bool(_ key: String) -> Bool? {
        value(key, expected: "true or false") { text throws(ConfigValueError) in
            switch text.trimming(" \t").lowercased() {
            case "true": return true
            case "false": return false
            default: throw ConfigValueError("expected true or false, found '\(text)'")
            }
        }
    }

    /// A duration such as `30s`; `positive` rejects zero and negatives, otherwise only negatives are.
    func duration(_ key: String, positive: Bool) -> Duration? {
        value(key, expected: "a duration") { text in
            let duration = try DurationText.parse(text)
            if positive, duration <= .zero { throw ConfigValueError("must be positive (found '\(text)')") }
            if duration < .zero { throw ConfigValueError("must not be negative (found '\(text)')") }
            return duration
        }
    }

    /// A list's items with their paths (`conditions[1]`); nil, with a problem, when the value is not a list.
    func list(_ key: String) -> [(node: Node, path: String)]? {
        guard let node = node(key) else { return nil }
        guard case .sequence(let sequence) = node else {
            reader.report("expected a list, found \(ConfigReader.describe(node))", path: childPath(key),
                          at: node.position)
            return nil
        }
        return sequence.enumerated().map { ($0.element, "\(childPath(key))[\($0.offset)]") }
    }

    /// A list of strings; an item that is not a string is reported and left out.
    func strings(_ key: String) -> [(text: String, node: Node, path: String)]? {
        list(key)?.compactMap { item in
            reader.text(item.node, path: item.path).map { ($0, item.node, item.path) }
        }
    }

    /// A nested mapping with its own known keys.
    func mapping(_ key: String, known: [String]) -> ConfigMapping? {
        node(key).flatMap { ConfigMapping($0, path: childPath(key), known: known, reader: reader) }
    }

    /// A mapping of free-form names to strings (request headers): any key, every value a string.
    func stringPairs(_ key: String) -> [(name: String, value: String, node: Node, path: String)]? {
        guard let node = node(key) else { return nil }
        guard case .mapping(let mapping) = node else {
            reader.report("expected a mapping (name: value), found \(ConfigReader.describe(node))",
                          path: childPath(key), at: node.position)
            return nil
        }
        return mapping.compactMap { pair in
            let name = pair.key.scalar?.string ?? ConfigReader.describe(pair.key)
            let path = "\(childPath(key)).\(name)"
            if ConfigReader.isNull(pair.value) { return (name, "", pair.value, path) }
            return reader.text(pair.value, path: path).map { (name, $0, pair.value, path) }
        }
    }
}

extension ConfigMapping {
    /// Request headers as `{Name: value}`, each checked by `RequestRules` (a token name, no line break).
    func headers(_ key: String) -> [HeaderField] {
        (stringPairs(key) ?? []).compactMap { pair in
            do throws(RequestRules.Violation) {
                return try RequestRules.header(name: pair.name, value: pair.value)
            } catch {
                reader.report(error.description, path: pair.path, at: pair.node.position)
                return nil
            }
        }
    }
}

/// A value that does not fit its key; the message becomes the problem's.
struct ConfigValueError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
