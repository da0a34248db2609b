import NIOConcurrencyHelpers

/// A value behind a lock whose changes can be awaited, with cancellation.
///
/// The agent's shared counts (checks running, results waiting to be posted) are changed by many tasks and
/// waited on by one loop. `AsyncStream` does not fit: cancelling one wait on it finishes the stream for
/// good, and the lease loop's wait for a free slot is cancelled at every shutdown before it waits again for
/// the running checks to end.
final class Watched<Value: Sendable>: Sendable {
    private struct State {
        var value: Value
        /// Bumped by every change: a waiter that read version `n` sleeps only while it is still `n`.
        var version: UInt64 = 0
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Bool, Never>] = [:]
    }

    private let state: NIOLockedValueBox<State>

    init(_ value: Value) {
        state = NIOLockedValueBox(State(value: value))
    }

    var value: Value { state.withLockedValue { $0.value } }

    /// Changes the value and wakes every waiter to look at it again.
    @discardableResult
    func update<Result>(_ change: (inout Value) -> Result) -> Result {
        let (result, waiters) = state.withLockedValue { state in
            let result = change(&state.value)
            state.version &+= 1
            let waiters = state.waiters.values
            state.waiters = [:]
            return (result, Array(waiters))
        }
        for waiter in waiters { waiter.resume(returning: true) }
        return result
    }

    /// Returns true once `condition` holds, false if the task is cancelled first.
    func wait(until condition: (Value) -> Bool) async -> Bool {
        while true {
            let (holds, version) = state.withLockedValue { (condition($0.value), $0.version) }
            if holds { return true }
            guard await change(after: version) else { return false }
        }
    }

    /// Sleeps until the version moves past `version` (true) or the task is cancelled (false).
    private func change(after version: UInt64) async -> Bool {
        let id = state.withLockedValue { state in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                // Decided under the lock, so neither a change nor a cancellation can slip in between the
                // check and the registration; every path resumes the continuation exactly once.
                let immediate: Bool? = state.withLockedValue { state in
                    if state.version != version { return true }
                    if Task.isCancelled { return false }
                    state.waiters[id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLockedValue { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: false)
        }
    }
}
