import Foundation
import Hummingbird
import TrustMonitorConfig
import TrustMonitorCore
import TrustMonitorEngine

/// The configured alert channels, without their secrets, and a test alert through one of them.
extension APIRoutes {
    static func addAlertChannelRoutes(to api: RouterGroup<AppRequestContext>, monitors: MonitorSet,
                                      sender: any AlertSending) {
        api.get("/alert-channels") { _, _ in
            JSONResponse.make(["channels": await monitors.configuration.alerts.map(ChannelListing.init)])
        }
        api.post("/alert-channels/:name/test") { _, context in
            let name = try context.parameters.require("name")
            guard await monitors.configuration.alerts.contains(where: { $0.name == name }) else {
                throw APIError.notFound("no alert channel '\(name)'")
            }
            let message = AlertMessage.test(channel: name, at: Date())
            // The sender's reasons never carry the channel's secrets (`AlertSender` redacts them).
            switch await sender.send(message, channel: name, idempotencyKey: message.idempotencyKey(channel: name)) {
            case .delivered: return JSONResponse.make(TestAnswer(delivered: true, reason: nil))
            case .retry(_, let reason), .failed(let reason):
                return JSONResponse.make(TestAnswer(delivered: false, reason: reason))
            }
        }
    }

    /// `{"delivered": bool, "reason"?}`.
    private struct TestAnswer: Encodable {
        let delivered: Bool
        let reason: String?
    }
}

/// `{"name", "type", "target"}`: where a channel sends, as a host only (a webhook URL is itself a secret).
struct ChannelListing: Encodable {
    let name: String
    let type: String
    let target: String?

    init(_ channel: AlertChannelConfig) {
        name = channel.name
        type = channel.type.rawValue
        target = channel.type == .email ? channel.settings["host"]
            : channel.settings["url"].flatMap { URLComponents(string: $0)?.host }
    }
}
