import Foundation
import TrustMonitorConfig
import TrustMonitorCore

/// What a receiver answered over HTTP, and what that means for the delivery: the one place where every
/// HTTP channel's answers are judged, so all of them retry and give up on the same terms.
struct HTTPAnswer: Sendable, Equatable {
    var status: Int
    /// The `Retry-After` header, as sent.
    var retryAfter: String?
    var body: [UInt8]

    /// The start of the answer, kept for the record.
    static let excerptLength = 200

    var excerpt: String {
        String(decoding: body.prefix(4 * Self.excerptLength), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines).truncated(to: Self.excerptLength)
    }

    /// 2xx: delivered. 408, 425, 429 and 5xx: worth another try, when the receiver says (`Retry-After`).
    /// Any other status: the receiver refused this request, and the same request would be refused again.
    /// Telegram's own error document is read first: it says when to come back in its body.
    func outcome(for type: AlertChannelConfig.ChannelType, receiver: String, now: Date) -> DeliveryOutcome {
        if type == .telegram, let answer = try? JSONDecoder().decode(TelegramAnswer.self, from: Data(body)),
           let outcome = answer.outcome(status: status, retryAfterHeader: retryAfterDelay(now: now)) {
            return outcome
        }
        let what = "HTTP \(status) from \(receiver)" + (excerpt.isEmpty ? "" : ": \(excerpt)")
        switch status {
        case 200..<300: return .delivered(status: status, answer: excerpt)
        case let status where Self.isTransient(status): return .retry(after: retryAfterDelay(now: now), reason: what)
        default: return .failed(reason: what)
        }
    }

    static func isTransient(_ status: Int) -> Bool {
        status == 408 || status == 425 || status == 429 || (500..<600).contains(status)
    }

    private func retryAfterDelay(now: Date) -> Duration? {
        retryAfter.flatMap { RetryAfter.parse($0, now: now) }
    }
}

/// The Bot API's answer document (https://core.telegram.org/bots/api#making-requests).
private struct TelegramAnswer: Decodable {
    struct Parameters: Decodable {
        var retryAfter: Int?
        enum CodingKeys: String, CodingKey { case retryAfter = "retry_after" }
    }

    var ok: Bool
    var errorCode: Int?
    var description: String?
    var parameters: Parameters?

    enum CodingKeys: String, CodingKey {
        case ok, description, parameters
        case errorCode = "error_code"
    }

    /// nil when the document says nothing the status does not (a success is judged by the status).
    func outcome(status: Int, retryAfterHeader: Duration?) -> DeliveryOutcome? {
        guard !ok else { return nil }
        let code = errorCode ?? status
        let reason = "Telegram error \(code)" + (description.map { ": \($0)" } ?? "")
        if let seconds = parameters?.retryAfter { return .retry(after: .seconds(max(0, seconds)), reason: reason) }
        return HTTPAnswer.isTransient(code) ? .retry(after: retryAfterHeader, reason: reason) : .failed(reason: reason)
    }
}
