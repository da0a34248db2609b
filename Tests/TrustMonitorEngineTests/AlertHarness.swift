import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// Stores with alerts in their outbox, and a delivery service running against a receiver while a test watches.
enum AlertHarness {
    /// A migrated store on a fresh SQLite file, closed and removed after `body`.
    static func withStore<T>(_ body: (SQLiteStore) async throws -> T) async throws -> T {
        let directory = NSTemporaryDirectory() + "tm-alerts-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await withClosing(try await SQLiteStore.open(path: directory + "/trustmonitor.db")) { store in
            try await store.migrate()
            return try await body(store)
        }
    }

    /// `count` alerts to channel `oncall`, due now; the drafts, as enqueued (at a whole millisecond: what the
    /// outbox keeps, so a message sent is equal to its draft).
    static func enqueue(_ count: Int, in store: any Store) async throws -> [AlertDraft] {
        let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        let drafts = (0..<count).map { index in
            AlertDraft(channel: "oncall", message: AlertMessage(
                kind: .opened, eventID: "inc_\(index):opened", monitorID: "mon_test", monitorName: "api",
                endpoint: "https://api.example.com/health", incidentID: "inc_\(index)",
                failure: Failure(.http5xx, "HTTP 503"), openedAt: now, at: now, confirmations: ["local: down"]))
        }
        #expect(try await store.enqueueAlerts(drafts, now: now) == count)
        return drafts
    }

    /// The one alert a test enqueued.
    static func only(_ store: any Store) async throws -> AlertDelivery {
        let rows = try await store.alertDeliveries(state: nil, incident: nil, limit: 2)
        try #require(rows.count == 1)
        return rows[0]
    }

    /// `http://127.0.0.1:PORT`: channels post to `/<channel>` under it.
    static func base(_ server: TestServer) -> String { String(server.url("/").dropLast()) }

    /// Runs a delivery service sending to `server` while `body` watches, then stops it.
    static func running<T: Sendable>(_ store: any Store, _ server: TestServer, policy: DeliveryPolicy,
                                     _ body: () async throws -> T) async throws -> T {
        let service = AlertDeliveryService(store: store, sender: ReceiverSender(base: base(server)), policy: policy,
                                           claimant: "replica-a", idlePoll: .milliseconds(20))
        let running = Task { try await service.run() }
        do {
            let result = try await body()
            running.cancel()
            _ = try? await running.value
            return result
        } catch {
            running.cancel()
            _ = try? await running.value
            throw error
        }
    }
}
