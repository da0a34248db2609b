import Foundation
import NIOSSL
public import TrustMonitorConfig
public import TrustMonitorCore

/// Sends one alert to one configured channel, once: the outbox decides when to try again.
///
/// Every failure is a `DeliveryOutcome`, never a thrown error, because a receiver being down is the normal
/// case this module exists for. Reasons and answers never carry the channel's secrets (tokens, keys,
/// passwords, webhook URLs): they are recorded and shown.
public struct AlertSender: Sendable {
    private let channels: [String: AlertChannelConfig]
    private let timeout: Duration
    private let http: HTTPTransport
    private let additionalTrustRoots: [NIOSSLCertificate]

    /// - Parameter timeout: one attempt's limit, all of it: the HTTP request, or the SMTP conversation.
    public init(channels: [AlertChannelConfig], timeout: Duration = .seconds(10)) {
        self.init(channels: channels, timeout: timeout, additionalTrustRoots: [])
    }

    /// With certificates trusted besides the system's roots for SMTP's STARTTLS (tests' own CA).
    init(channels: [AlertChannelConfig], timeout: Duration, additionalTrustRoots: [NIOSSLCertificate]) {
        self.channels = Dictionary(channels.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.timeout = timeout
        self.http = HTTPTransport(timeout: timeout)
        self.additionalTrustRoots = additionalTrustRoots
    }

    /// One attempt. Unknown channel name → `.failed`.
    /// - Parameter idempotencyKey: `<event id>/<channel>`, the same on every retry of this alert.
    public func send(_ message: AlertMessage, channel name: String, idempotencyKey: String) async -> DeliveryOutcome {
        guard let channel = channels[name] else {
            return .failed(reason: "unknown alert channel '\(name)'")
        }
        let outcome = await send(message, to: channel, idempotencyKey: idempotencyKey)
        return outcome.redacting(channel)
    }

    private func send(_ message: AlertMessage, to channel: AlertChannelConfig,
                      idempotencyKey: String) async -> DeliveryOutcome {
        let now = Date()
        do {
            if channel.type == .email {
                let mail = try AlertRendering.email(for: message, channel: channel, idempotencyKey: idempotencyKey,
                                                    now: now)
                let client = SMTPClient(settings: try SMTPSettings(channel), timeout: timeout,
                                        additionalTrustRoots: additionalTrustRoots)
                return await client.send(mail)
            }
            let request = try AlertRendering.request(for: message, channel: channel, idempotencyKey: idempotencyKey,
                                                     now: now)
            let receiver = AlertRequest.origin(of: request.url)
            switch await http.send(request) {
            case .success(let answer):
                return answer.outcome(for: channel.type, receiver: receiver, now: Date())
            case .failure(.unanswered(let reason)):
                return .retry(after: nil, reason: "\(receiver): \(reason)")
            case .failure(.unsendable(let reason)):
                return .failed(reason: "\(receiver): \(reason)")
            }
        } catch let error as AlertRenderingError {
            return .failed(reason: error.description)
        } catch {
            return .failed(reason: "channel '\(channel.name)': cannot render the alert: \(error)")
        }
    }
}

extension DeliveryOutcome {
    /// The same outcome with the channel's secrets taken out of its texts.
    func redacting(_ channel: AlertChannelConfig) -> DeliveryOutcome {
        switch self {
        case .delivered(let status, let answer): return .delivered(status: status, answer: channel.redacting(answer))
        case .retry(let after, let reason): return .retry(after: after, reason: channel.redacting(reason))
        case .failed(let reason): return .failed(reason: channel.redacting(reason))
        }
    }
}
