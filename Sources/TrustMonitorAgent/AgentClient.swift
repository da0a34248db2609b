import Foundation
import TrustMonitorAgentProtocol
import TrustMonitorCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The agent's four calls to the server, as typed values in and out.
///
/// Foundation's URLSession rather than a new HTTP client package: the agent's own traffic is small (one
/// long poll, a heartbeat, result batches), and the prober's NIO connections stay the checks' alone, so
/// no check's timing ever includes a wait behind the agent's own calls.
struct AgentClient: Sendable {
    let configuration: AgentConfiguration
    private let session: URLSession

    init(configuration: AgentConfiguration) {
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.httpCookieAcceptPolicy = .never
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: sessionConfiguration)
    }

    func register(_ registration: AgentRegistration) async throws(AgentCallError) -> AgentRegistered {
        try await post("api/v1/agent/register", registration, as: AgentRegistered.self, timeout: .seconds(30))
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
        let (status, data) = try await send(route, submission, timeout: .seconds(30))
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

    private func post<Body: Encodable, Answer: Decodable>(
        _ route: String, _ body: Body, as: Answer.Type, timeout: Duration
    ) async throws(AgentCallError) -> Answer {
        let (status, data) = try await send(route, body, timeout: timeout)
        return try Self.answer(Answer.self, route: route, status: status, data: data)
    }

    /// One POST; any HTTP answer comes back, only a failure to get one throws.
    private func send<Body: Encodable>(
        _ route: String, _ body: Body, timeout: Duration
    ) async throws(AgentCallError) -> (status: Int, data: Data) {
        guard let url = configuration.url(route) else { throw .unreachable("cannot form a URL for \(route)") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        request.setValue("Bearer \(configuration.token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("trustmonitor-agent", forHTTPHeaderField: "User-Agent")
        do { request.httpBody = try JSONCoding.encoder().encode(body) } catch {
            throw .refused(ServerRefusal(status: 0, code: "encoding_failed",
                                         message: "cannot encode \(route): \(error)"))
        }
        do {
            let (data, response) = try await session.dataAbandoningOnCancel(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        } catch {
            if Task.isCancelled { throw .cancelled }
            throw .unreachable("\(url.absoluteString): \(error.localizedDescription)")
        }
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
