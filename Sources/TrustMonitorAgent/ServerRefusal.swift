/// The server's "no" to one agent call: the HTTP status and the `{"error": {"code", "message"}}` it sent.
public struct ServerRefusal: Error, CustomStringConvertible, Sendable, Equatable {
    public let status: Int
    public let code: String
    public let message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// 401 (bad or revoked token), 403 (wrong region), 409 (another key holds this token): the server will
    /// not take this agent as it is, so it stops instead of asking again forever.
    public var isFatal: Bool { status == 401 || status == 403 || status == 409 }

    public var description: String { "HTTP \(status) \(code): \(message)" }
}

/// Why an agent call failed, sorted by what the caller does next.
enum AgentCallError: Error, CustomStringConvertible {
    /// A 4xx answer: retrying the same request cannot help.
    case refused(ServerRefusal)
    /// No usable answer (network, 5xx, 429): worth another try later.
    case unreachable(String)
    /// The calling task was cancelled (shutdown); nothing to report.
    case cancelled

    var description: String {
        switch self {
        case .refused(let refusal): "refused: \(refusal)"
        case .unreachable(let reason): "unreachable: \(reason)"
        case .cancelled: "cancelled"
        }
    }
}
