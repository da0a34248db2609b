import Foundation
import Hummingbird
import TrustMonitorCore
import TrustMonitorStore

/// The alert outbox as operators see it (what was sent, what is waiting, what failed and why) and the incident
/// acknowledgement that stops reminders and escalations.
extension APIRoutes {
    static func addAlertRoutes(to api: RouterGroup<AppRequestContext>, store: any Store) {
        api.get("/alerts") { request, _ in
            let query = request.uri.queryParameters
            let state = try query.get("state").map { text in
                guard let state = AlertDelivery.State(rawValue: String(text)) else {
                    let states = AlertDelivery.State.allCases.map(\.rawValue).joined(separator: ", ")
                    throw APIError.badParameter("state", "'\(text)' is not one of \(states)")
                }
                return state
            }
            let limit = try limitParameter(query.get("limit"))
            let alerts = try await store.alertDeliveries(state: state, incident: query.get("incident"), limit: limit)
            return JSONResponse.make(["alerts": alerts.map(AlertListing.init)])
        }
        api.post("/incidents/:id/ack") { request, context in
            let id = try context.parameters.require("id")
            let by = try await Acknowledgement.by(request, caller: context.principal?.name)
            do {
                let kept = try await store.acknowledgeIncident(id: id, by: by, at: Date())
                return JSONResponse.make(Acknowledgement.Answer(incident: id, acknowledgedAt: kept.at, by: kept.by))
            } catch StoreError.unknownIncident {
                throw APIError.notFound("no incident '\(id)'")
            }
        }
    }
}

/// One outbox row in the listing: every field present (null when unset), the message itself left out (its kind,
/// monitor and incident say what it is; the event's details are on the incident).
struct AlertListing: Encodable {
    let delivery: AlertDelivery

    enum CodingKeys: String, CodingKey {
        case id, key, channel, kind, monitor, incident, state, attempts
        case nextAttemptAt = "next_attempt_at", lastResult = "last_result", createdAt = "created_at"
        case deliveredAt = "delivered_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(delivery.id, forKey: .id)
        try container.encode(delivery.key, forKey: .key)
        try container.encode(delivery.channel, forKey: .channel)
        try container.encode(delivery.message.kind, forKey: .kind)
        try container.encode(delivery.message.monitorID, forKey: .monitor)
        try container.encode(delivery.message.incidentID, forKey: .incident)
        try container.encode(delivery.state, forKey: .state)
        try container.encode(delivery.attempts, forKey: .attempts)
        try container.encode(delivery.nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(delivery.lastResult, forKey: .lastResult)
        try container.encode(delivery.createdAt, forKey: .createdAt)
        try container.encode(delivery.deliveredAt, forKey: .deliveredAt)
    }
}

/// `POST /api/v1/incidents/{id}/ack`: an optional `{"by": "name"}` naming who acknowledges; without it, the caller's
/// token name (a shared token such as a chat bot's can still name the person).
enum Acknowledgement {
    static let defaultBy = "api"
    /// Bounds the body read: a name, not a document.
    static let bodyLimit = 16 << 10
    static let maxNameLength = 200

    struct Body: Decodable {
        let by: String?
    }

    struct Answer: Encodable {
        let incident: String
        let acknowledgedAt: Date
        let by: String

        enum CodingKeys: String, CodingKey {
            case incident, by, acknowledgedAt = "acknowledged_at"
        }
    }

    /// Who acknowledges: the body's `by`, trimmed, or the caller (else "api") for an empty body; anything else is a 400
    /// saying why.
    static func by(_ request: Request, caller: String?) async throws -> String {
        let defaultBy = caller ?? Self.defaultBy
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: bodyLimit)
        } catch {
            throw APIError(.contentTooLarge, code: "body_too_large", message: "the body is limited to \(bodyLimit) bytes")
        }
        let bytes = Data(buffer.readableBytesView)
        guard bytes.contains(where: { !Character(UnicodeScalar($0)).isWhitespace }) else { return defaultBy }
        let body: Body
        do {
            body = try JSONCoding.decoder().decode(Body.self, from: bytes)
        } catch {
            throw APIError(.badRequest, code: "invalid_body",
                           message: "not an acknowledgement ({\"by\": \"name\"}): \(AgentRequestBody.describe(error))")
        }
        guard let by = body.by else { return defaultBy }
        let name = by.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= maxNameLength else {
            throw APIError(.badRequest, code: "invalid_body", message: "by: 1 to \(maxNameLength) characters")
        }
        return name
    }
}
