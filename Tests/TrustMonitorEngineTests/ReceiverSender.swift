import Foundation
import TrustMonitorCore
import TrustMonitorEngine

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small real channel for the delivery tests: POSTs the message's JSON to `base/<channel>` with an
/// `Idempotency-Key` header, and judges the answer as real channels do: 2xx delivered, 429 and 5xx (and no answer)
/// worth a retry after the receiver's Retry-After, any other status refused for good.
struct ReceiverSender: AlertSending {
    let base: String

    func send(_ message: AlertMessage, channel: String, idempotencyKey: String) async -> DeliveryOutcome {
        guard let url = URL(string: "\(base)/\(channel)") else { return .failed(reason: "bad URL \(base)/\(channel)") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = 10
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key")
        do {
            request.httpBody = try JSONCoding.encoder().encode(message)
            let (data, response) = try await URLSession.shared.data(for: request)
            guard let http = response as? HTTPURLResponse else { return .retry(after: nil, reason: "no HTTP answer") }
            let status = http.statusCode
            switch status {
            case 200..<300:
                return .delivered(status: status, answer: String(decoding: data.prefix(100), as: UTF8.self))
            case 429, 500...:
                let after = http.value(forHTTPHeaderField: "Retry-After").flatMap { RetryAfter.parse($0, now: Date()) }
                return .retry(after: after, reason: "HTTP \(status)")
            default:
                return .failed(reason: "HTTP \(status)")
            }
        } catch {
            return .retry(after: nil, reason: "no answer: \(error)")
        }
    }
}
