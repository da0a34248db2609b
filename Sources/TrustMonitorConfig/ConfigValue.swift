import Yams

/// One item of a configuration as written (a `monitors:` entry, or a monitor sent to the API as JSON), kept to be
/// shown back: the API's `definition` of a monitor.
///
/// YAML merges (`<<: *defaults`) are resolved and `${VAR}` is left unexpanded, so what is shown is what the
/// monitor's author wrote, never a secret the server's environment filled in.
public indirect enum ConfigValue: Sendable, Equatable, Encodable {
    case null
    case bool(Bool)
    /// A number as written (`3`, `0.5`), so it is shown back exactly.
    case number(String)
    case string(String)
    case list([ConfigValue])
    case mapping([String: ConfigValue])

    /// What a header value is shown as: headers carry credentials (`Authorization`).
    public static let redacted = ConfigValue.string("[redacted]")

    init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            self = Self.scalar(scalar, isNull: ConfigReader.isNull(node))
        case .sequence(let sequence):
            self = .list(sequence.map(ConfigValue.init))
        case .mapping(let mapping):
            self = .mapping(Self.pairs(mapping))
        case .alias:
            self = .null
        }
    }

    /// The document in `text` (JSON, or any YAML); nil when it is not valid YAML, or empty.
    public static func read(json text: String) -> ConfigValue? {
        guard let node = try? Yams.compose(yaml: text) else { return nil }
        return ConfigValue(node)
    }

    /// The value of `key` when this is a mapping.
    public subscript(key: String) -> ConfigValue? {
        guard case .mapping(let values) = self else { return nil }
        return values[key]
    }

    /// This mapping with `key` set to `value` (a mapping's copy; any other value unchanged).
    public func setting(_ key: String, to value: ConfigValue) -> ConfigValue {
        guard case .mapping(var values) = self else { return self }
        values[key] = value
        return .mapping(values)
    }

    /// A monitor's item with every value of its `headers` replaced by `redacted`.
    public func redactingHeaders() -> ConfigValue {
        guard case .mapping(let headers)? = self["headers"] else { return self }
        return setting("headers", to: .mapping(headers.mapValues { _ in Self.redacted }))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let text):
            if let integer = Int64(text) {
                try container.encode(integer)
            } else if let double = Double(text), double.isFinite {
                try container.encode(double)
            } else {
                try container.encode(text)
            }
        case .string(let text): try container.encode(text)
        case .list(let values): try container.encode(values)
        case .mapping(let values): try container.encode(values)
        }
    }

    /// A plain `true`/`false` is a boolean, a plain number a number, as YAML (and JSON) read them; anything
    /// quoted is text.
    private static func scalar(_ scalar: Node.Scalar, isNull: Bool) -> ConfigValue {
        if isNull { return .null }
        guard scalar.style == .plain else { return .string(scalar.string) }
        switch scalar.string {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default:
            let text = scalar.string
            let isNumber = text.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/) != nil
            return isNumber ? .number(text) : .string(text)
        }
    }

    /// The mapping's own keys, then those merged in (`<<`) that it does not set itself, as `ConfigMapping` reads them.
    private static func pairs(_ mapping: Node.Mapping) -> [String: ConfigValue] {
        var values: [String: ConfigValue] = [:]
        var merged: [(key: Node, value: Node)] = []
        for pair in mapping {
            if case .scalar(let key) = pair.key, key.style == .plain, key.string == "<<" {
                switch pair.value {
                case .mapping(let source): merged += Array(source)
                case .sequence(let sources): merged += sources.flatMap { $0.mapping.map(Array.init) ?? [] }
                default: continue
                }
            } else {
                values[pair.key.scalar?.string ?? ConfigReader.describe(pair.key)] = ConfigValue(pair.value)
            }
        }
        for pair in merged {
            let key = pair.key.scalar?.string ?? ConfigReader.describe(pair.key)
            if values[key] == nil { values[key] = ConfigValue(pair.value) }
        }
        return values
    }
}
