import Foundation
import Testing
import TrustMonitorCore
import TrustMonitorStore

/// Sending the outbox: claims (due alerts only, one claimant while a claim holds, another once it runs out) and
/// the record of each attempt (only from the claim's holder; delivered and failed final, a retry due again).
extension StoreConformance {
    func alertClaimsAreExclusiveUntilTheyRunOut() async throws {
        try await withFreshStore { store in
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                    now: AlertFixture.start)
            let now = AlertFixture.start
            try await AlertFixture.enqueue(3, in: store, monitor: api)
            let later = now.addingTimeInterval(30)
            _ = try await store.enqueueAlerts(AlertFixture.drafts(.test, "evt_later", monitor: api, incident: nil, at: later),
                                              now: later)

            #expect(try await store.claimDueAlerts(claimant: "a", limit: 10, now: now.addingTimeInterval(-1),
                                                   lease: .seconds(60)).isEmpty, "nothing is due before its time")
            #expect(try await store.claimDueAlerts(claimant: "a", limit: 0, now: now, lease: .seconds(60)).isEmpty)
            let first = try await store.claimDueAlerts(claimant: "a", limit: 2, now: now, lease: .seconds(60))
            #expect(first.count == 2)
            let second = try await store.claimDueAlerts(claimant: "b", limit: 10, now: now.addingTimeInterval(10),
                                                        lease: .seconds(60))
            #expect(second.count == 1, "b gets only what a did not claim, and not what is due later")
            #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
            #expect(try await store.claimDueAlerts(claimant: "b", limit: 10, now: now.addingTimeInterval(59),
                                                   lease: .seconds(60)).map(\.key) == ["evt_later/oncall"])

            // a's claim runs out at now + 60 s: c takes both, and a's late answer is refused.
            let taken = try await store.claimDueAlerts(claimant: "c", limit: 10, now: now.addingTimeInterval(60),
                                                       lease: .seconds(60))
            #expect(Set(taken.map(\.id)) == Set(first.map(\.id)))
            #expect(try await store.recordDeliveryAttempt(id: first[0].id, claimant: "a", record: .delivered(answer: "HTTP 200"),
                                                          now: now.addingTimeInterval(61)) == false)
            #expect(try await store.recordDeliveryAttempt(id: first[0].id, claimant: "c", record: .delivered(answer: "HTTP 200"),
                                                          now: now.addingTimeInterval(61)))
            let kept = try #require(try await store.alertDeliveries(state: .delivered, incident: nil, limit: 10).first)
            #expect(kept.id == first[0].id && kept.attempts == 1)

            // A claim run out but taken by no one is still its claimant's: its answer is kept, not sent again.
            #expect(try await store.recordDeliveryAttempt(id: second[0].id, claimant: "b", record: .delivered(answer: "HTTP 202"),
                                                          now: now.addingTimeInterval(500)))
        }
    }

    func heldAlertsAreNeverClaimed() async throws {
        try await withFreshStore { store in
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                    now: AlertFixture.start)
            var held = AlertFixture.drafts(.opened, "inc_1:opened", monitor: api, incident: "inc_1", at: AlertFixture.start,
                                           channels: ["oncall", "slack"])
            held = held.map { draft in
                var draft = draft
                draft.held = true
                return draft
            }
            #expect(try await store.enqueueAlerts(held, now: AlertFixture.start) == 2)
            let far = AlertFixture.start.addingTimeInterval(86_400 * 365)
            #expect(try await store.claimDueAlerts(claimant: "a", limit: 10, now: far, lease: .seconds(60)).isEmpty)
            let rows = try await store.alertDeliveries(state: .held, incident: "inc_1", limit: 10)
            #expect(rows.count == 2)
            #expect(try await store.recordDeliveryAttempt(id: rows[0].id, claimant: "a", record: .delivered(answer: "x"),
                                                          now: far) == false)
            #expect(try await store.alertDeliveries(state: .held, incident: nil, limit: 10).allSatisfy { $0.attempts == 0 })
        }
    }

    /// Every attempt is counted and its result kept; a retry is due again at its time (not before), delivered and
    /// failed are final, and only the claim's holder may record.
    func deliveryAttemptsFollowTheirRecord() async throws {
        try await withFreshStore { store in
            let api = try await store.upsertMonitor(name: "api", endpoint: Fixture.endpoint, interval: .seconds(30),
                                                    now: AlertFixture.start)
            let now = AlertFixture.start
            try await AlertFixture.enqueue(2, in: store, monitor: api)
            let claimed = try await store.claimDueAlerts(claimant: "a", limit: 10, now: now, lease: .seconds(60))
            try #require(claimed.count == 2)
            let (retried, refused) = (claimed[0], claimed[1])
            #expect(try await store.recordDeliveryAttempt(id: retried.id, claimant: "b", record: .failed(error: "x"),
                                                          now: now) == false, "only the claimant records")
            #expect(try await store.recordDeliveryAttempt(id: "alr_missing", claimant: "a", record: .failed(error: "x"),
                                                          now: now) == false)

            let retryAt = now.addingTimeInterval(2.5)
            #expect(try await store.recordDeliveryAttempt(id: retried.id, claimant: "a",
                                                          record: .retry(at: retryAt, error: "HTTP 503"), now: now))
            #expect(try await store.recordDeliveryAttempt(id: retried.id, claimant: "a",
                                                          record: .delivered(answer: "late"), now: now) == false,
                    "a retry clears the claim: the next attempt needs a new one")
            var row = try #require(try await Self.delivery(retried.id, in: store))
            #expect(row.state == .pending && row.attempts == 1 && row.nextAttemptAt == retryAt)
            #expect(row.lastResult == "HTTP 503" && row.deliveredAt == nil)
            #expect(try await store.claimDueAlerts(claimant: "b", limit: 10, now: retryAt.addingTimeInterval(-0.001),
                                                   lease: .seconds(60)).isEmpty, "claimed by no one, yet not due")
            let again = try await store.claimDueAlerts(claimant: "b", limit: 10, now: retryAt, lease: .seconds(60))
            #expect(again.map(\.id) == [retried.id] && again.first?.attempts == 1)
            let deliveredAt = retryAt.addingTimeInterval(0.25)
            #expect(try await store.recordDeliveryAttempt(id: retried.id, claimant: "b",
                                                          record: .delivered(answer: "HTTP 200: ok"), now: deliveredAt))
            row = try #require(try await Self.delivery(retried.id, in: store))
            #expect(row.state == .delivered && row.attempts == 2 && row.deliveredAt == deliveredAt)
            #expect(row.lastResult == "HTTP 200: ok")

            #expect(try await store.recordDeliveryAttempt(id: refused.id, claimant: "a",
                                                          record: .failed(error: "HTTP 400 bad payload"), now: now))
            row = try #require(try await Self.delivery(refused.id, in: store))
            #expect(row.state == .failed && row.attempts == 1 && row.lastResult == "HTTP 400 bad payload")
            #expect(row.deliveredAt == nil)
            // Final states are never claimed again, nor recorded again.
            let far = now.addingTimeInterval(86_400)
            #expect(try await store.claimDueAlerts(claimant: "c", limit: 10, now: far, lease: .seconds(60)).isEmpty)
            #expect(try await store.recordDeliveryAttempt(id: refused.id, claimant: "a", record: .delivered(answer: "x"),
                                                          now: far) == false)
        }
    }

    private static func delivery(_ id: String, in store: any Store) async throws -> AlertDelivery? {
        try await store.alertDeliveries(state: nil, incident: nil, limit: 100).first { $0.id == id }
    }
}
