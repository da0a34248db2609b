import struct Foundation.Date
import TrustMonitorCore

/// The `alert_deliveries` columns a delivery is read from, in `AlertDelivery.init(stored…)`'s order. With the rest
/// of this file, what both backends share about outbox rows, so they store, claim and record alike: only their
/// statements differ.
enum AlertColumns {
    static let delivery = "id, key, channel, message, state, attempts, next_attempt_ms, last_result, created_ms, delivered_ms"
}

/// A draft as its row holds it: the message encoded once, before any transaction starts, so a draft that cannot be
/// stored fails the call (and the incident event with it) without touching the database.
struct StoredAlert {
    let id: String
    let key: String
    let channel: String
    let monitorID: String
    let incidentID: String?
    let kind: String
    let message: String
    let state: String

    init(_ draft: AlertDraft) throws {
        id = AlertDeliveryID.make()
        key = draft.key
        channel = draft.channel
        monitorID = draft.message.monitorID
        incidentID = draft.message.incidentID
        kind = draft.message.kind.rawValue
        message = try StoreJSON.encode(draft.message)
        state = (draft.held ? AlertDelivery.State.held : .pending).rawValue
    }

    /// Drafts in key order, one per key (the first): the one order every replica inserts in. PostgreSQL makes an
    /// insert wait for another transaction's uncommitted row with the same key, so batches sharing keys in different
    /// orders could each wait for the other (a deadlock).
    static func batch(_ drafts: [AlertDraft]) throws -> [StoredAlert] {
        var seen = Set<String>()
        return try drafts.enumerated()
            .sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
            .filter { seen.insert($0.element.key).inserted }
            .map { try StoredAlert($0.element) }
    }
}

/// What `recordDeliveryAttempt` writes for one attempt: the same rule on both backends.
struct StoredAttempt {
    let state: String
    /// The retry's time; nil keeps the row's (a final state is never claimed again).
    let nextAttemptMs: Int64?
    let lastResult: String
    let deliveredMs: Int64?

    init(_ record: DeliveryRecord, nowMs: Int64) {
        switch record {
        case .delivered(let answer):
            (state, nextAttemptMs, lastResult, deliveredMs) = (AlertDelivery.State.delivered.rawValue, nil, answer, nowMs)
        case .retry(let at, let error):
            (state, nextAttemptMs, lastResult, deliveredMs) = (AlertDelivery.State.pending.rawValue, at.epochMilliseconds,
                                                               error, nil)
        case .failed(let error):
            (state, nextAttemptMs, lastResult, deliveredMs) = (AlertDelivery.State.failed.rawValue, nil, error, nil)
        }
    }
}

extension AlertDelivery {
    /// A delivery read back from its columns (`AlertColumns.delivery`).
    init(storedID id: String, key: String, channel: String, message: String, state rawState: String, attempts: Int64,
         nextAttemptMs: Int64, lastResult: String?, createdMs: Int64, deliveredMs: Int64?) throws {
        guard let state = State(rawValue: rawState) else {
            throw StoreError.corrupt("alert \(id) has unknown state \(rawState)")
        }
        self.init(id: id, key: key, channel: channel,
                  message: try StoreJSON.decode(AlertMessage.self, text: message, what: "alert \(id)"),
                  state: state, attempts: Int(attempts), nextAttemptAt: Date(epochMilliseconds: nextAttemptMs),
                  lastResult: lastResult, createdAt: Date(epochMilliseconds: createdMs),
                  deliveredAt: deliveredMs.map(Date.init(epochMilliseconds:)))
    }
}

/// Alert delivery ids: `alr_` and 16 random hex digits, chosen when the row is written (a draft has no id: its key
/// is what names it across replicas).
enum AlertDeliveryID {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = String(generator.next() as UInt64, radix: 16)
        return "alr_" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
