import Foundation
import NIOConcurrencyHelpers
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLSession {
    /// One request whose caller stops waiting when its task is cancelled, while the request itself is left
    /// to end on its own (its timeout bounds it): URLSession tasks are never cancelled.
    ///
    /// Cancelling is what breaks on Linux. swift-corelibs-foundation's `data(for:)` cancels from inside the
    /// task's cancellation handler, where `URLSessionTask.cancel()` waits on the session's queue while the
    /// Swift task's status lock is held; if that queue is resuming the same task at that moment, both wait
    /// forever, cooperative threads included (seen at SIGTERM with a long poll in flight). Cancelling from
    /// elsewhere instead can race the task's completion and trap ("a task that is not in the registry").
    func dataAbandoningOnCancel(for request: URLRequest) async throws -> (Data, URLResponse) {
        let waiter = SingleResume()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: SingleResume.Continuation) in
                guard waiter.wait(continuation) else { return }
                dataTask(with: request) { data, response, error in
                    if let data, let response {
                        waiter.resume(with: .success((data, response)))
                    } else {
                        waiter.resume(with: .failure(error ?? URLError(.unknown)))
                    }
                }.resume()
            }
        } onCancel: {
            waiter.resume(with: .failure(CancellationError()))
        }
    }
}

/// The continuation of one request, resumed once by whichever comes first: the answer or the cancellation.
private final class SingleResume: Sendable {
    typealias Continuation = CheckedContinuation<(Data, URLResponse), any Error>

    private enum State {
        case idle
        case waiting(Continuation)
        case done
    }

    private let state = NIOLockedValueBox(State.idle)

    /// Registers the continuation; false (and resumed as cancelled) when cancellation came first.
    func wait(_ continuation: Continuation) -> Bool {
        let cancelledFirst = state.withLockedValue { state in
            guard case .idle = state else { return true }
            state = .waiting(continuation)
            return false
        }
        if cancelledFirst { continuation.resume(throwing: CancellationError()) }
        return !cancelledFirst
    }

    func resume(with result: Result<(Data, URLResponse), any Error>) {
        let continuation = state.withLockedValue { state -> Continuation? in
            switch state {
            case .waiting(let continuation):
                state = .done
                return continuation
            case .idle:
                state = .done
                return nil
            case .done:
                return nil
            }
        }
        continuation?.resume(with: result)
    }
}
