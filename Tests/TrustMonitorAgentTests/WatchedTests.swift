import Foundation
import Testing
import TrustMonitorLedger
@testable import TrustMonitorAgent

/// The one concurrency primitive of the agent: waits that wake on change and end on cancellation, and a
/// cancelled wait that leaves the next one working (the reason it is not an AsyncStream).
@Suite struct WatchedTests {
    @Test func waitWakesWhenTheConditionComesTrue() async {
        let running = Watched(3)
        async let idle = running.wait { $0 == 0 }
        for _ in 0..<3 {
            try? await Task.sleep(for: .milliseconds(10))
            running.update { $0 -= 1 }
        }
        #expect(await idle)
    }

    @Test func cancelledWaitReturnsFalseAndTheNextWaitStillWorks() async {
        let running = Watched(1)
        let waiting = Task { await running.wait { $0 == 0 } }
        try? await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        #expect(await waiting.value == false)

        async let idle = running.wait { $0 == 0 }
        try? await Task.sleep(for: .milliseconds(20))
        running.update { $0 = 0 }
        #expect(await idle)
    }

    @Test func outboxHandsOutBatchesInOrderThenEnds() async {
        let outbox = ResultOutbox()
        async let drained: [[String]] = {
            var batches: [[String]] = []
            while let batch = await outbox.nextBatch(max: 2) { batches.append(batch.map(\.lease)) }
            return batches
        }()
        let envelope = DSSEEnvelope(payload: [], payloadType: "test", signatures: [])
        for lease in ["a", "b", "c"] {
            outbox.add(PendingResult(lease: lease, monitorName: "m", expiresAt: .distantFuture, envelope: envelope))
        }
        outbox.close()
        let batches = await drained
        #expect(batches.flatMap { $0 } == ["a", "b", "c"])
        #expect(batches.allSatisfy { $0.count <= 2 })
    }
}
