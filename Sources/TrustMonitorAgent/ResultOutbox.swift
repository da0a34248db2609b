import struct Foundation.Date
import TrustMonitorLedger

/// One signed result waiting to be posted, with the moment its lease ends: after that the server would
/// refuse it, so it is dropped instead of sent.
struct PendingResult: Sendable {
    let lease: String
    let monitorName: String
    let expiresAt: Date
    let envelope: DSSEEnvelope
}

/// Signed results between the checks that make them and the one poster that sends them in batches, so a
/// slow server holds up posting, never checking.
struct ResultOutbox: Sendable {
    private struct State {
        var pending: [PendingResult] = []
        var closed = false
    }

    private let state = Watched(State())

    func add(_ result: PendingResult) {
        state.update { $0.pending.append(result) }
    }

    /// No more results will come; the poster sends what is left and stops.
    func close() {
        state.update { $0.closed = true }
    }

    var count: Int { state.value.pending.count }

    /// Up to `max` results, oldest first, as soon as there is one; nil once closed and empty, or when the
    /// task is cancelled.
    func nextBatch(max: Int) async -> [PendingResult]? {
        guard await state.wait(until: { !$0.pending.isEmpty || $0.closed }) else { return nil }
        let batch = state.update { state in
            let batch = Array(state.pending.prefix(max))
            state.pending.removeFirst(batch.count)
            return batch
        }
        return batch.isEmpty ? nil : batch
    }
}
