import Foundation
import TrustMonitorAgentProtocol
import TrustMonitorCore

/// The witness's two calls: it pulls add-checkpoint requests (an agent may sit behind NAT, so the server
/// cannot push them) and posts back what a tlog-witness server would have answered.
extension AgentClient {
    /// The next add-checkpoint request body for a witness that last cosigned `poll.size`; nil when the
    /// server has nothing newer within the wait (204).
    func witnessRequest(_ poll: WitnessPoll) async throws(AgentCallError) -> String? {
        let route = "api/v1/agent/witness"
        let (status, data) = try await call(route, poll, timeout: .milliseconds(poll.waitMs) + .seconds(15))
        switch status {
        case 204: return nil
        case 200: return String(decoding: data, as: UTF8.self)
        case 400..<500: throw .refused(Self.refusal(status: status, data: data))
        default:
            throw .refused(ServerRefusal(status: status, code: "unexpected_status", message: "HTTP \(status) for \(route)"))
        }
    }

    /// Whether the server added the cosignature to the checkpoint it serves (false for a rejection, or
    /// when a newer checkpoint was signed meanwhile).
    func cosign(_ answer: WitnessAnswer) async throws(AgentCallError) -> Bool {
        struct Accepted: Decodable { var accepted: Bool? }
        return try await post("api/v1/agent/cosign", answer, as: Accepted.self, timeout: .seconds(15)).accepted ?? false
    }
}
