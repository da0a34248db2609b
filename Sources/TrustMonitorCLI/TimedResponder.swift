import Hummingbird
import NIOConcurrencyHelpers
import TrustMonitorServer

/// Wraps the server's responder and records how long each request took inside the server, by path: from the
/// request's arrival at the router to its response, body made (pages build their body whole), before any byte
/// is written to the socket.
struct TimedResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == AppRequestContext {
    typealias Context = AppRequestContext

    let inner: Inner
    let times: NIOLockedValueBox<[String: [Double]]>

    func respond(to request: Request, context: AppRequestContext) async throws -> Response {
        let clock = ContinuousClock(), start = clock.now
        let response = try await inner.respond(to: request, context: context)
        let milliseconds = start.duration(to: clock.now).seconds * 1000
        times.withLockedValue { $0[request.uri.path, default: []].append(milliseconds) }
        return response
    }
}
