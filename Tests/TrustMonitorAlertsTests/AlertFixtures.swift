import Foundation
import TrustMonitorConfig
import TrustMonitorCore

/// One incident's alerts as plain values, and channels pointed at local receivers.
enum AlertFixtures {
    static let openedAt = Date(timeIntervalSince1970: 1_750_000_000)
    static let resolvedAt = openedAt.addingTimeInterval(600)
    static let bundleURL = "https://monitor.example.test/api/v1/incidents/inc_42/bundle"
    static let confirmations = ["eu-1 (eu): http_5xx HTTP 503", "us-1 (us): http_5xx HTTP 503"]

    static func message(_ kind: AlertMessage.Kind, incident: Bool = true) -> AlertMessage {
        let at: Date = kind == .resolved ? resolvedAt : openedAt
        return AlertMessage(
            kind: kind, eventID: incident ? "inc_42:\(kind.rawValue)" : "api:certificate:1760000000",
            monitorID: "mon_api", monitorName: "api", endpoint: "https://api.example.test/health",
            incidentID: incident ? "inc_42" : nil, failure: incident ? Failure(.http5xx, "HTTP 503") : nil,
            openedAt: incident ? openedAt : nil, resolvedAt: kind == .resolved ? resolvedAt : nil, at: at,
            confirmations: incident ? confirmations : [], bundleURL: incident ? bundleURL : nil,
            certificateExpiresAt: kind == .certificateExpiring ? Date(timeIntervalSince1970: 1_760_000_000) : nil)
    }

    static func key(_ message: AlertMessage, _ channel: String) -> String { "\(message.eventID)/\(channel)" }

    static func channel(_ name: String, _ type: AlertChannelConfig.ChannelType, _ settings: [String: String],
                        headers: [HeaderField] = []) -> AlertChannelConfig {
        AlertChannelConfig(name: name, type: type, settings: settings, headers: headers)
    }

    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw NotAnObject()
        }
        return object
    }

    struct NotAnObject: Error {}
}
