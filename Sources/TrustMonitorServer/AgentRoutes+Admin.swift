import Foundation
import Hummingbird
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorStore

/// Adding and revoking remote probes over the API (admin scope, by `AccessPolicy`), as `trustmonitor probes add`
/// does from the command line: the agent's token is shown once, in the answer, and kept only as its hash.
extension AgentRoutes {
    struct NewProbe: Decodable {
        let name: String
        let region: String
    }

    struct AddedProbe: Encodable {
        let probe: ProbeListing
        let token: String
    }

    func addAdminRoutes(to router: Router<AppRequestContext>) {
        router.post("/api/v1/probes") { request, context in
            let body = try await AgentRequestBody.decode(NewProbe.self, request, context)
            if let problem = RegionName.problem(body.name, what: "probe name") ?? RegionName.problem(body.region) {
                throw APIError(.badRequest, code: "invalid_body", message: problem)
            }
            let token = AgentToken.generate()
            let probe: ProbeRecord
            do {
                probe = try await store.addProbe(name: body.name, region: body.region, tokenHash: AgentToken.hash(token),
                                                 now: Date())
            } catch StoreError.conflict(let reason) {
                throw APIError(.conflict, code: "name_taken", message: reason)
            }
            return JSONResponse.make(status: .created,
                                     AddedProbe(probe: await ProbeListing.of(probe, remote: remote), token: token))
        }
        router.delete("/api/v1/probes/:id") { _, context in
            let id = try context.parameters.require("id")
            guard try await store.revokeProbe(id: id, at: Date()) else { throw APIError.notFound("no probe '\(id)'") }
            return Response(status: .noContent)
        }
    }
}
