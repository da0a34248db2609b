import Foundation
import Logging
import TrustMonitorAgentProtocol
import TrustMonitorCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The agent's calls to the server, as typed values in and out, each made at the server in use and moved
/// to the next one of the pool when that server is gone.
///
/// Foundation's URLSession rather than a new HTTP client package: the agent's own traffic is small (one
/// long poll, a heartbeat, result batches), and the prober's NIO connections stay the checks' alone, so
/// no check's timing ever includes a wait behind the agent's own calls.
struct AgentClient: Sendable {
    let configuration: AgentConfiguration
    /// What the agent registers at every server it uses: the same keys each time, so it is idempotent.
    let registration: AgentRegistration
    let pool: ServerPool
    let logger: Logger
    private let session: URLSession

    init(configuration: AgentConfiguration, registration: AgentRegistration,
         logger: Logger = Logger(label: "trustmonitor.agent")) {
        self.configuration = configuration
        self.registration = registration
        self.logger = logger
        pool = ServerPool(configuration.addresses)
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.httpCookieAcceptPolicy = .never
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: sessionConfiguration)
    }

    /// Registers at the server in use, or at the next that answers.
    func register() async throws(AgentCallError) -> AgentRegistered {
        try await withFailover { session throws(AgentCallError) in try await register(at: session) }
    }

    /// Long-polls: the HTTP timeout is the server's wait plus a margin, so an empty answer that arrives on
    /// time is never mistaken for a dead connection.
    func lease(_ request: LeaseRequest) async throws(AgentCallError) -> LeaseResponse {
        try await post("api/v1/agent/lease", request, as: LeaseResponse.self,
                       timeout: .milliseconds(request.waitMs) + .seconds(15))
    }

    /// When some results are refused the server answers 403, 409 or 422 and still sends one receipt per
    /// result: those are answers about results, not a refusal of the agent, so they come back as receipts.
    func submit(_ submission: ResultSubmission) async throws(AgentCallError) -> ResultReceipts {
        let route = "api/v1/agent/results"
        let (status, data) = try await call(route, submission, timeout: .seconds(30))
        if (400..<500).contains(status),
           let receipts = try? JSONCoding.decoder().decode(ResultReceipts.self, from: data) {
            return receipts
        }
        return try Self.answer(ResultReceipts.self, route: route, status: status, data: data)
    }

    /// A 2xx whose body is not the expected JSON still counts as a delivered heartbeat.
    func heartbeat(_ heartbeat: Heartbeat) async throws(AgentCallError) -> HeartbeatAnswer {
        do {
            return try await post("api/v1/agent/heartbeat", heartbeat, as: HeartbeatAnswer.self, timeout: .seconds(15))
        } catch .refused(let refusal) where (200..<300).contains(refusal.status) {
            return HeartbeatAnswer(state: nil)
        } catch {
            throw error
        }
    }

    /// Releases the session once requests still out (abandoned at shutdown) have ended on their own; they
    /// are not cancelled, which is what traps on Linux (see `dataAbandoningOnCancel`).
    func close() {
        session.finishTasksAndInvalidate()
    }

    func post<Body: Encodable & Sendable, Answer: Decodable>(
        _ route: String, _ body: Body, as: Answer.Type, timeout: Duration
    ) async throws(AgentCallError) -> Answer {
        let (status, data) = try await call(route, body, timeout: timeout)
        return try Self.answer(Answer.self, route: route, status: status, data: data)
    }

    /// One call at the server in use, registering there first when the agent has not yet.
    func call<Body: Encodable & Sendable>(
        _ route: String, _ body: Body, timeout: Duration
    ) async throws(AgentCallError) -> (status: Int, data: Data) {
        try await withFailover { session throws(AgentCallError) in
            if session.registered == nil { _ = try await register(at: session) }
            return try await send(route, body, to: session.address, timeout: timeout)
        }
    }

    /// Runs `attempt` at the server in use; when that server is gone (no answer, a timeout, 429 or 5xx,
    /// a standby's 503), moves to the next and tries again, once per server. The caller's own backoff runs
    /// between such full rounds. A 4xx is the server's considered answer and is never taken elsewhere.
    private func withFailover<T>(
        _ attempt: (ServerPool.Session) async throws(AgentCallError) -> T
    ) async throws(AgentCallError) -> T {
        var reasons: [String] = []
        for _ in pool.addresses.indices {
            let session = pool.current
            do throws(AgentCallError) {
                return try await attempt(session)
            } catch .unreachable(let reason) {
                reasons.append(pool.addresses.count > 1 ? "\(session.address.base): \(reason)" : reason)
                if let next = pool.moveOn(from: session), pool.addresses.count > 1 {
                    logger.warning("server unavailable; moving to the next", metadata: [
                        "server": "\(session.address.base)", "next": "\(next.base)", "reason": "\(reason)"])
                }
            }
        }
        throw .unreachable(reasons.joined(separator: "; "))
    }

    private func register(at session: ServerPool.Session) async throws(AgentCallError) -> AgentRegistered {
        let route = "api/v1/agent/register"
        let (status, data) = try await send(route, registration, to: session.address, timeout: .seconds(30))
        let registered = try Self.answer(AgentRegistered.self, route: route, status: status, data: data)
        pool.record(registered, in: session)
        logger.info("registered", metadata: [
            "server": "\(session.address.base)", "probe": "\(registered.probe)", "region": "\(registered.region)",
            "heartbeat_seconds": "\(registered.heartbeatSeconds)"])
        return registered
    }

    /// One POST to one server; any considered HTTP answer comes back, while no answer, 429 and 5xx throw
    /// `.unreachable` (worth another try, elsewhere or later).
    private func send<Body: Encodable>(
        _ route: String, _ body: Body, to address: ServerAddress, timeout: Duration
    ) async throws(AgentCallError) -> (status: Int, data: Data) {
        guard let url = address.url(route) else { throw .unreachable("cannot form a URL for \(route)") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        request.setValue("Bearer \(configuration.token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json, text/plain", forHTTPHeaderField: "Accept")
        request.setValue("trustmonitor-agent", forHTTPHeaderField: "User-Agent")
        do { request.httpBody = try JSONCoding.encoder().encode(body) } catch {
            throw .refused(ServerRefusal(status: 0, code: "encoding_failed",
                                         message: "cannot encode \(route): \(error)"))
        }
        let status: Int, data: Data
        do {
            let (received, response) = try await session.dataAbandoningOnCancel(for: request)
            (status, data) = ((response as? HTTPURLResponse)?.statusCode ?? 0, received)
        } catch {
            if Task.isCancelled { throw .cancelled }
            throw .unreachable("\(url.absoluteString): \(error.localizedDescription)")
        }
        if status == 429 || (500..<600).contains(status) {
            throw .unreachable(Self.refusal(status: status, data: data).description)
        }
        return (status, data)
    }

    /// Sorts an HTTP answer: 2xx is the value; 429 and 5xx are worth another try; any other 4xx is the
    /// server's considered "no".
    static func answer<Answer: Decodable>(
        _ type: Answer.Type, route: String, status: Int, data: Data
    ) throws(AgentCallError) -> Answer {
        switch status {
        case 200..<300:
            do { return try JSONCoding.decoder().decode(Answer.self, from: data) } catch {
                throw .refused(ServerRefusal(status: status, code: "bad_response",
                                             message: "cannot read the answer to \(route): \(error)"))
            }
        case 429, 500..<600:
            throw .unreachable(refusal(status: status, data: data).description)
        case 400..<500:
            throw .refused(refusal(status: status, data: data))
        default:
            throw .refused(ServerRefusal(status: status, code: "unexpected_status",
                                         message: "HTTP \(status) for \(route)"))
        }
    }

    /// The server's `{"error": {...}}`, or a stand-in naming the status when the body is something else
    /// (a proxy's HTML page, say), with a bounded excerpt of it.
    static func refusal(status: Int, data: Data) -> ServerRefusal {
        struct ErrorBody: Decodable {
            struct Detail: Decodable { var code: String?; var message: String? }
            var error: Detail?
        }
        if let detail = (try? JSONDecoder().decode(ErrorBody.self, from: data))?.error {
            return ServerRefusal(status: status, code: detail.code ?? "http_\(status)", message: detail.message ?? "")
        }
        let excerpt = String(decoding: data.prefix(200), as: UTF8.self)
        return ServerRefusal(status: status, code: "http_\(status)", message: excerpt)
    }
}

/// The heartbeat's answer, read leniently: the server may add fields (witness requests, say), and an
/// agent must keep beating even when it does not understand them.
struct HeartbeatAnswer: Decodable, Sendable, Equatable {
    /// `online` or `impaired`, as the server sees this agent.
    var state: String?
}
