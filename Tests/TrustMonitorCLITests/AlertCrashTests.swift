import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import TrustMonitorTestSupport
import TrustMonitorCore
import TrustMonitorStore

#if canImport(Glibc)
import Glibc
#endif

/// A real `trustmonitor serve` child killed with SIGKILL while an alert is on its way to the receiver: after a
/// restart the alert is sent again (at least once), under the same idempotency key (so a receiver that dedups
/// by it sees it exactly once), and nothing else is sent twice or lost.
@Suite(.serialized) struct AlertCrashTests {
    static func config(target: String, receiver: String, port: Int, directory: String) -> String {
        """
        server: {listen: 127.0.0.1:\(port), data_dir: \(directory)}
        monitors:
          - name: api
            url: \(target)
            interval: 500ms
            timeout: 400ms
            retry: {attempts: 1}
            verify: {probes: 1, quorum: 2, recheck_delay: 100ms}
            alerts: [hook]
        alerts:
          - {name: hook, type: webhook, url: "\(receiver)", secret: s3cret}
        """
    }

    @Test func anAlertInFlightWhenTheServerDiesIsSentAgainUnderTheSameKey() async throws {
        let crash = CrashRestartTests()
        #expect(FileManager.default.isExecutableFile(atPath: CrashRestartTests.binary), "build the binary first: swift build")
        let down = NIOLockedValueBox(true)
        let target = try await TestServer.start { _ in down.withLockedValue { $0 } ? .respond(status: 503) : .ok() }
        // The first delivery hangs long enough for the kill to land while it is in flight; later ones are taken.
        let receiver = try await TestServer.start { request in
            request.number == 1 ? .delay(.seconds(8), then: .ok()) : .ok()
        }
        let directory = NSTemporaryDirectory() + "tm-alert-crash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/serve.yaml"
        try Self.config(target: target.url("/"), receiver: receiver.url("/hook"), port: try await TestServer.closedPort(),
                        directory: directory).write(toFile: path, atomically: true, encoding: .utf8)

        let first = try crash.launch(config: path)
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        #expect(await crash.wait { receiver.requestCount >= 1 }, "the incident's alert reached the receiver")
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()

        let second = try crash.launch(config: path)
        defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
        // Sent again once the dead process's claim runs out (the delivery lease, 20 s).
        #expect(await crash.wait(within: .seconds(60)) { receiver.requestCount >= 2 }, "the alert was sent again")
        down.withLockedValue { $0 = false }
        #expect(await crash.wait { Self.keys(receiver).count >= 2 }, "the recovery was alerted")
        let store = try await SQLiteStore.open(path: directory + "/trustmonitor.db")
        let delivered = await crash.wait {
            try await store.alertDeliveries(state: nil, incident: nil, limit: 10).allSatisfy { $0.state == .delivered }
        }
        let deliveries = try await store.alertDeliveries(state: nil, incident: nil, limit: 10)
        try await store.close()
        second.terminate()
        second.waitUntilExit()

        let requests = receiver.receivedRequests
        let keys = Self.keys(receiver)
        #expect(delivered && deliveries.count == 2, "\(deliveries.map { "\($0.key) \($0.state)" })")
        #expect(keys.count == 2, "one opened and one resolved alert: \(keys)")
        let opened = try #require(keys.first { $0.hasSuffix(":opened/hook") })
        let resolved = try #require(keys.first { $0.hasSuffix(":resolved/hook") })
        // At least once for the one in flight at the kill, exactly once for the other.
        #expect(requests.filter { $0.headers.first(name: "Idempotency-Key") == opened }.count >= 2)
        #expect(requests.filter { $0.headers.first(name: "Idempotency-Key") == resolved }.count == 1)
        #expect(requests.allSatisfy { $0.headers.first(name: "X-TrustMonitor-Signature")?.hasPrefix("t=") == true })
        #expect(second.terminationStatus == 0)
        try await receiver.shutdown()
        try await target.shutdown()
    }

    static func keys(_ receiver: TestServer) -> Set<String> {
        Set(receiver.receivedRequests.compactMap { $0.headers.first(name: "Idempotency-Key") })
    }
}
