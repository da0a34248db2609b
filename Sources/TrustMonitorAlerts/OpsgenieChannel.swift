import TrustMonitorConfig
import TrustMonitorCore

/// `type: opsgenie`: the Alert API (https://docs.opsgenie.com/docs/alert-api).
///
/// The incident's id is the alert's `alias`: Opsgenie folds the opening, reminders and escalation into one
/// alert, and the recovery closes it by alias. Opsgenie answers 202 to both (the request is then processed
/// asynchronously).
enum OpsgenieChannel {
    static let source = "trustmonitor"

    static func request(for message: AlertMessage, channel: AlertChannelConfig) throws -> AlertRequest {
        let url = try channel.required("url")
        let authorization = HeaderField(name: "Authorization", value: "GenieKey \(try channel.required("api_key"))")
        let alias = alias(message)
        if message.isEnding {
            let base = url.hasSuffix("/") ? String(url.dropLast()) : url
            return try .json(url: "\(base)/\(percentEncoded(alias))/close?identifierType=alias",
                             body: ["source": .string(source), "note": .string(message.summary)],
                             headers: [authorization])
        }
        return try .json(url: url, body: createPayload(message, alias: alias), headers: [authorization])
    }

    /// Within the API's limits: message 130 characters, alias and entity 512, description 15000.
    static func createPayload(_ message: AlertMessage, alias: String) -> JSONValue {
        var details: [String: JSONValue] = [
            "event": .string(message.kind.rawValue), "event_id": .string(message.eventID),
        ]
        for fact in message.facts { details[fact.label.lowercased().replacingSpaces()] = .string(fact.value) }
        if let bundleURL = message.bundleURL { details["bundle_url"] = .string(bundleURL) }
        return [
            "message": .string(message.summary.truncated(to: 130)),
            "alias": .string(alias),
            "description": .string(message.plainText.truncated(to: 15000)),
            "priority": .string(message.isUrgent ? "P1" : "P3"),
            "source": .string(source),
            "entity": .string(message.monitorName.truncated(to: 512)),
            "details": .object(details),
            "tags": ["trustmonitor", .string(message.kind.rawValue)],
        ]
    }

    /// The incident's id, or the event's for alerts that have no incident.
    static func alias(_ message: AlertMessage) -> String {
        String(message.foldingKey.prefix(512))
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters, for an alias inside a path.
    static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                encoded.append(Character(Unicode.Scalar(byte)))
            default:
                encoded += "%" + HexCoding.encode([byte]).uppercased()
            }
        }
        return encoded
    }
}

extension String {
    /// `Certificate expires` → `certificate_expires`: fact labels as detail keys.
    fileprivate func replacingSpaces() -> String {
        String(map { $0 == " " ? "_" : $0 })
    }
}
