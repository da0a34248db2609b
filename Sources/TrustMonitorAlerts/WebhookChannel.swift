import struct Foundation.Date
import TrustMonitorConfig
import TrustMonitorCore

/// `type: webhook`: our own JSON document, for receivers written against TrustMonitor itself.
///
/// Every key is always present (`null` when unknown), so receivers can rely on the shape. `Idempotency-Key`
/// is the same on every retry: a receiver that saw it already can answer 2xx and do nothing.
enum WebhookChannel {
    static func request(for message: AlertMessage, channel: AlertChannelConfig, idempotencyKey: String,
                        now: Date) throws -> AlertRequest {
        let body = try payload(message, idempotencyKey: idempotencyKey).encoded()
        var headers = [
            HeaderField(name: "Content-Type", value: "application/json"),
            HeaderField(name: "Idempotency-Key", value: idempotencyKey),
        ]
        if let secret = channel.optional("secret") {
            headers.append(HeaderField(name: WebhookSignature.headerName,
                                       value: WebhookSignature.sign(body: body, secret: secret, now: now)))
        }
        // Configured headers come after ours and never replace them: the signature and key must be ours.
        let ours = Set(headers.map { $0.name.lowercased() })
        headers += channel.headers.filter { !ours.contains($0.name.lowercased()) }
        return AlertRequest(url: try channel.required("url"), headers: headers, body: body)
    }

    static func payload(_ message: AlertMessage, idempotencyKey: String) -> JSONValue {
        [
            "event": .string(message.kind.rawValue),
            "event_id": .string(message.eventID),
            "idempotency_key": .string(idempotencyKey),
            "summary": .string(message.summary),
            "at": .time(message.at),
            "monitor": [
                "id": .string(message.monitorID),
                "name": .string(message.monitorName),
                "endpoint": .string(message.endpoint),
            ],
            "incident": incident(message),
            "confirmations": .array(message.confirmations.map(JSONValue.string)),
            "bundle_url": .optional(message.bundleURL),
            "certificate_expires_at": .time(message.certificateExpiresAt),
            "degradation": message.degradationID.map { ["id": .string($0), "explanation": .optional(message.explanation)] }
                ?? .null,
        ]
    }

    private static func incident(_ message: AlertMessage) -> JSONValue {
        guard message.incidentID != nil || message.failure != nil || message.openedAt != nil else { return .null }
        let failure: JSONValue = message.failure.map {
            ["code": .string($0.code.rawValue), "layer": .string($0.layer.rawValue), "message": .string($0.message)]
        } ?? .null
        return [
            "id": .optional(message.incidentID),
            "opened_at": .time(message.openedAt),
            "resolved_at": .time(message.resolvedAt),
            "failure": failure,
        ]
    }
}
