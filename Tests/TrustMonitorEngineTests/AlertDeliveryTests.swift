import Foundation
import Logging
import ServiceLifecycle
import Testing
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorStore
@testable import TrustMonitorTestSupport

/// The delivery service against real receivers (a `TestServer` over HTTP) and real stores (SQLite files,
/// PostgreSQL): every attempt counted, retries as the policy and the receiver say, nothing lost, nothing twice.
@Suite struct AlertDeliveryTests {
    /// Quick retries, so a test sees several attempts in well under a second.
    static let quick = DeliveryPolicy(maxAttempts: 10, baseDelay: .milliseconds(20), maxDelay: .milliseconds(100))

    @Test func aFailingReceiverGetsTheAlertOnceItRecovers() async throws {
        let server = try await TestServer.start { $0.number <= 2 ? .respond(status: 503, body: "busy") : .ok("taken") }
        try await AlertHarness.withStore { store in
            let drafts = try await AlertHarness.enqueue(1, in: store)
            let delivered = try await AlertHarness.running(store, server, policy: Self.quick) {
                await eventually { try await AlertHarness.only(store).state == .delivered }
            }
            #expect(delivered)
            let row = try await AlertHarness.only(store)
            #expect(row.attempts == 3)
            #expect(row.lastResult == "HTTP 200: taken")
            #expect(row.deliveredAt != nil)
            let requests = server.receivedRequests
            #expect(requests.count == 3)
            #expect(requests.allSatisfy { $0.uri == "/oncall" && $0.header("Idempotency-Key") == drafts[0].key })
            let sent = try JSONCoding.decoder().decode(AlertMessage.self, from: Data(try #require(requests.last).body))
            #expect(sent == drafts[0].message)
        }
        try await server.shutdown()
    }

    @Test func aRetryAfterIsHonoured() async throws {
        let server = try await TestServer.start(always: .respond(status: 429, headers: [("Retry-After", "2")]))
        try await AlertHarness.withStore { store in
            _ = try await AlertHarness.enqueue(1, in: store)
            let started = Date()
            let row = try await AlertHarness.running(store, server, policy: Self.quick) { () async throws -> AlertDelivery in
                _ = await eventually { try await AlertHarness.only(store).attempts == 1 }
                // Long enough for a retry that ignored the receiver to have happened.
                try await Task.sleep(for: .milliseconds(500))
                return try await AlertHarness.only(store)
            }
            #expect(row.state == .pending && row.attempts == 1 && row.lastResult == "HTTP 429")
            #expect(row.nextAttemptAt >= started.addingTimeInterval(2))
            #expect(server.requestCount == 1)
        }
        try await server.shutdown()
    }

    @Test func aRefusalFailsAtOnceAndIsShown() async throws {
        let server = try await TestServer.start(always: .respond(status: 400, body: "bad payload"))
        try await AlertHarness.withStore { store in
            let drafts = try await AlertHarness.enqueue(1, in: store)
            try await AlertHarness.running(store, server, policy: Self.quick) {
                _ = await eventually { try await AlertHarness.only(store).state == .failed }
                try await Task.sleep(for: .milliseconds(200))
            }
            let failed = try await store.alertDeliveries(state: .failed, incident: nil, limit: 10)
            #expect(failed.map(\.key) == [drafts[0].key])
            #expect(failed.first?.attempts == 1 && failed.first?.lastResult == "HTTP 400")
            #expect(server.requestCount == 1)
        }
        try await server.shutdown()
    }

    @Test func retriesEndAfterTheLastAllowedAttempt() async throws {
        let server = try await TestServer.start(always: .respond(status: 500))
        let policy = DeliveryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20))
        try await AlertHarness.withStore { store in
            _ = try await AlertHarness.enqueue(1, in: store)
            try await AlertHarness.running(store, server, policy: policy) {
                _ = await eventually { try await AlertHarness.only(store).state == .failed }
                try await Task.sleep(for: .milliseconds(200))
            }
            let row = try await AlertHarness.only(store)
            #expect(row.state == .failed && row.attempts == 3)
            #expect(row.lastResult == "gave up after 3 attempts: HTTP 500")
            #expect(server.requestCount == 3)
        }
        try await server.shutdown()
    }

    /// Graceful shutdown lets a send in flight finish and be recorded: the alert is not sent again after a restart.
    @Test func shutdownFinishesTheAttemptsInFlight() async throws {
        let server = try await TestServer.start(always: .delay(.milliseconds(500), then: .ok()))
        try await AlertHarness.withStore { store in
            _ = try await AlertHarness.enqueue(1, in: store)
            let service = AlertDeliveryService(store: store, sender: ReceiverSender(base: AlertHarness.base(server)),
                                               policy: Self.quick, claimant: "replica-a", idlePoll: .milliseconds(20))
            let group = ServiceGroup(services: [service], logger: Logger(label: "test.alerts"))
            let running = Task { try await group.run() }
            #expect(await eventually { server.requestCount == 1 })
            await group.triggerGracefulShutdown()
            try await running.value
            let row = try await AlertHarness.only(store)
            #expect(row.state == .delivered && row.attempts == 1)
        }
        try await server.shutdown()
    }

    /// Two replicas, each its own PostgreSQL store and delivery service, send 50 alerts: the receiver gets each
    /// exactly once.
    @Test func twoReplicasDeliverEachAlertOnce() async throws {
        let server = try await TestServer.start(always: .delay(.milliseconds(10), then: .ok()))
        try await TestPostgres.withDatabase { url in
            let stores = [try await PostgresStore.open(url: url), try await PostgresStore.open(url: url)]
            try await stores[0].migrate()
            let drafts = try await AlertHarness.enqueue(50, in: stores[0])
            let services = stores.enumerated().map { index, store in
                AlertDeliveryService(store: store, sender: ReceiverSender(base: AlertHarness.base(server)), policy: Self.quick,
                                     claimant: "replica-\(index)", batchSize: 8, idlePoll: .milliseconds(20))
            }
            let running = Task { try await ServiceGroupRunner.run(services) }
            let delivered = await eventually {
                try await stores[1].alertDeliveries(state: .delivered, incident: nil, limit: 100).count == drafts.count
            }
            try await Task.sleep(for: .milliseconds(200))
            running.cancel()
            _ = try? await running.value
            let rows = try await stores[0].alertDeliveries(state: nil, incident: nil, limit: 100)
            for store in stores { try await store.close() }

            #expect(delivered)
            #expect(rows.allSatisfy { $0.state == .delivered && $0.attempts == 1 })
            let keys = server.receivedRequests.compactMap { $0.header("Idempotency-Key") }
            #expect(keys.count == drafts.count, "no alert sent twice")
            #expect(Set(keys) == Set(drafts.map(\.key)), "every alert sent")
        }
        try await server.shutdown()
    }
}
