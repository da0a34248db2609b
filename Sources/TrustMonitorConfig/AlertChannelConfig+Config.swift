import TrustMonitorCore
import Yams

/// An alert channel read from one item of `alerts:`.
extension AlertChannelConfig {
    /// What one item yields: the channel when it has no problem, and its name even when it has, so that
    /// monitors referring to a channel with a typo in its URL are not also told the channel is unknown.
    struct Reading {
        var channel: AlertChannelConfig?
        var name: NameReference?
    }

    static func read(_ node: Node, path: String, reader: ConfigReader) -> Reading {
        // The type decides which keys are known, so it is looked at before the keys are checked; an
        // unknown type accepts every type's keys, leaving a single problem: the type.
        let written = node.mapping?["type"]?.scalar?.string.lowercased()
        let typeGuess = written.flatMap(ChannelType.init(rawValue:))
        let keys = typeGuess?.keys ?? ChannelType.allCases.flatMap(\.keys)
        guard let mapping = ConfigMapping(node, path: path, known: ["name", "type"] + keys, reader: reader) else {
            return Reading()
        }
        var reading = Reading(name: NameReference.read(mapping))
        reading.channel = reader.unlessProblems {
            let type = !mapping.require("type") ? nil : mapping.value("type") { text throws(ConfigValueError) in
                guard let type = ChannelType(rawValue: text.lowercased()) else {
                    let hint = ClosestMatch.hint(for: text, among: ChannelType.allCases.map(\.rawValue))
                    throw ConfigValueError("unknown alert type '\(text)' \(hint)")
                }
                return type
            }
            guard let type else { return nil }
            let settings = readSettings(mapping, type: type)
            let headers = type == .webhook ? mapping.headers("headers") : []
            guard let name = reading.name else { return nil }
            return AlertChannelConfig(name: name.name, type: type, settings: settings, headers: headers)
        }
        return reading
    }

    private static func readSettings(_ mapping: ConfigMapping, type: ChannelType) -> [String: String] {
        var settings: [String: String] = [:]
        for key in type.requiredKeys { _ = mapping.require(key) }
        for key in type.keys where key != "headers" {
            if let value = readSetting(key, of: mapping) { settings[key] = value }
        }
        if settings["url"] == nil, let url = type.defaultURL { settings["url"] = url }
        return settings
    }

    /// One setting's text, checked by what the key means: an endpoint, a port, a flag, an address.
    private static func readSetting(_ key: String, of mapping: ConfigMapping) -> String? {
        switch key {
        case "url":
            return mapping.value(key) { text in
                guard try Target.parse(text).scheme != .tcp else {
                    throw ConfigValueError("invalid URL '\(text)': an alert endpoint needs http:// or https://")
                }
                return text
            }
        case "port":
            return mapping.integer(key, in: 1...65535).map(String.init)
        case "starttls":
            return mapping.bool(key).map(String.init)
        case "from", "to":
            return mapping.value(key) { text throws(ConfigValueError) in
                let addresses = text.split(separator: ",").map { $0.trimming(" ") }
                guard !addresses.isEmpty else { throw ConfigValueError("expected an email address") }
                if let bad = addresses.first(where: { !$0.contains("@") }) {
                    throw ConfigValueError("invalid email address '\(bad)'")
                }
                return text
            }
        default:
            return mapping.value(key) { text throws(ConfigValueError) in
                guard !text.isEmpty else { throw ConfigValueError("must not be empty") }
                return text
            }
        }
    }
}
