import Foundation
import Hummingbird
import Logging
import TrustMonitorAgentProtocol
import TrustMonitorLedger
import TrustMonitorStore

/// Agents as witnesses (C2SP tlog-witness, pulled rather than pushed: agents may sit behind NAT, so they ask
/// for add-checkpoint requests on their own connection and post the witness's answer back).
extension AgentRoutes {
    func witnessPoll(_ request: Request, _ context: AppRequestContext, _ checkpoints: CheckpointPublisher) async throws
        -> Response
    {
        let probe = try await registeredProbe(request)
        guard probe.witnessKey != nil else {
            throw APIError(.conflict, code: "not_a_witness", message: "the agent registered no witness key")
        }
        let poll = try await AgentRequestBody.decode(WitnessPoll.self, request, context)
        guard poll.size >= 0, (0...30_000).contains(poll.waitMs) else {
            throw APIError(.badRequest, code: "invalid_body", message: "size must be >= 0 and wait_ms 0 to 30000")
        }
        await remote.seen(probe)
        let deadline = ContinuousClock.now + .milliseconds(poll.waitMs)
        while true {
            if let next = try await checkpoints.witnessRequest(witnessSize: poll.size) {
                var headers = HTTPFields()
                headers[.contentType] = "text/plain; charset=utf-8"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: next.body)))
            }
            guard ContinuousClock.now < deadline, await !remote.isClosed else { return Response(status: .noContent) }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    func cosign(_ request: Request, _ context: AppRequestContext, _ checkpoints: CheckpointPublisher) async throws
        -> Response
    {
        let probe = try await registeredProbe(request)
        guard let witnessText = probe.witnessKey, let witness = try? NoteVerifierKey(vkey: witnessText) else {
            throw APIError(.conflict, code: "not_a_witness", message: "the agent registered no witness key")
        }
        let answer = try await AgentRequestBody.decode(WitnessAnswer.self, request, context)
        guard answer.status == 200 else {
            // A witness refusing is how a split view would surface: kept in the log, loudly.
            let level: Logger.Level = answer.status == 409 ? .info : .error
            context.logger.log(level: level, "witness refused a checkpoint", metadata: [
                "probe": "\(probe.name)", "size": "\(answer.size)", "status": "\(answer.status)", "body": "\(answer.body)",
            ])
            return JSONResponse.make(["accepted": false])
        }
        let added: Bool
        do {
            added = try await checkpoints.addCosignature(body: answer.body, size: answer.size, witness: witness)
        } catch let error as LedgerError {
            throw APIError(.forbidden, code: "bad_cosignature", message: "not a cosignature of checkpoint \(answer.size) "
                           + "by \(witness.keyLabel): \(error)")
        }
        return JSONResponse.make(["accepted": added])
    }
}
