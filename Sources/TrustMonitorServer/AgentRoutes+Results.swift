import Foundation
import Hummingbird
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorLedger
import TrustMonitorStore

extension AgentRoutes {
    /// Each result is checked on its own: signature with the registered key, the agent's own probe and
    /// region, a lease it holds and has not used. Refused results are kept nowhere; the answer is 200 when
    /// all were accepted, else the most telling 4xx with a receipt per result.
    func results(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let probe = try await registeredProbe(request)
        let body = try await AgentRequestBody.decode(ResultSubmission.self, request, context)
        guard !body.results.isEmpty, body.results.count <= 256 else {
            throw APIError(.badRequest, code: "invalid_body", message: "post 1 to 256 results at a time")
        }
        await remote.seen(probe)
        var receipts: [ResultReceipt] = []
        if shared != nil {
            receipts = await acceptShared(body.results.map { open($0, from: probe) }, from: probe)
        } else {
            for envelope in body.results {
                receipts.append(await accept(envelope, from: probe))
            }
        }
        let refused = receipts.compactMap(\.code)
        guard let worst = refused.min(by: { Self.severity($0) < Self.severity($1) }) else {
            return JSONResponse.make(ResultReceipts(receipts: receipts))
        }
        let status: HTTPResponse.Status = switch worst {
        case "bad_signature", "foreign_probe", "foreign_region": .forbidden
        case "lease_refused": .conflict
        default: .unprocessableContent
        }
        struct Refusal: Encodable {
            let error: [String: String]
            let receipts: [ResultReceipt]
        }
        return JSONResponse.make(status: status, Refusal(
            error: ["code": worst, "message": "\(refused.count) of \(receipts.count) results refused; see receipts"],
            receipts: receipts))
    }

    static func refusal(_ lease: String?, _ code: String, _ message: String) -> ResultReceipt {
        ResultReceipt(lease: lease, accepted: false, code: code, message: message)
    }

    static func severity(_ code: String) -> Int {
        ["bad_signature", "foreign_probe", "foreign_region", "lease_refused"].firstIndex(of: code) ?? 99
    }

    /// A result believed as the probe's own: signed with its registered key, naming its probe and region; else
    /// the refusal's receipt.
    func open(_ envelope: DSSEEnvelope, from probe: ProbeRecord) -> Result<OpenedResult, RefusedResult> {
        func refuse(_ lease: String?, _ code: String, _ message: String) -> Result<OpenedResult, RefusedResult> {
            .failure(RefusedResult(receipt: Self.refusal(lease, code, message)))
        }
        guard let vkey = probe.key, let key = try? NoteVerifierKey(vkey: vkey) else {
            return refuse(nil, "bad_signature", "the probe has no usable registered key")
        }
        let signed: SignedObservation
        do {
            signed = try SignedObservation.open(envelope, key: key)
        } catch {
            return refuse(nil, "bad_signature", "not signed by the probe's registered key: \(error)")
        }
        guard signed.probe == probe.name else {
            return refuse(signed.lease, "foreign_probe", "signed as probe '\(signed.probe)', the token is '\(probe.name)'")
        }
        guard signed.region == probe.region else {
            return refuse(signed.lease, "foreign_region", "signed in region '\(signed.region)', the probe is in '\(probe.region)'")
        }
        let attestation = (try? envelope.jsonData()).map { String(decoding: $0, as: UTF8.self) }
        return .success(OpenedResult(
            signed: signed, identity: ProbeIdentity(name: probe.name, region: probe.region, attestation: attestation, key: vkey)))
    }

    func accept(_ envelope: DSSEEnvelope, from probe: ProbeRecord) async -> ResultReceipt {
        func refuse(_ lease: String?, _ code: String, _ message: String) -> ResultReceipt {
            Self.refusal(lease, code, message)
        }
        let signed: SignedObservation, identity: ProbeIdentity
        switch open(envelope, from: probe) {
        case .failure(let refused): return refused.receipt
        case .success(let opened): (signed, identity) = (opened.signed, opened.identity)
        }
        guard let lease = await remote.redeem(signed.lease, by: probe.id) else {
            return refuse(signed.lease, "lease_refused", await remote.refusal(signed.lease, by: probe.id))
        }
        let job = lease.assignment.job
        guard signed.monitor == job.monitorID, signed.role == job.role else {
            return refuse(signed.lease, "lease_mismatch", "the result is for \(signed.monitor)/\(signed.role.rawValue), "
                          + "the lease for \(job.monitorID)/\(job.role.rawValue)")
        }
        let started = ContinuousClock.now - .seconds(max(0, Date().timeIntervalSince(signed.observation.startedAt)))
        do {
            if probe.impaired {
                try await engine.rerunLocally(job, observation: signed.observation, by: identity)
            } else {
                try await engine.complete(job, observation: signed.observation, startedAt: started, by: identity)
            }
        } catch {
            return refuse(signed.lease, "not_stored", "the server could not store the result: \(error)")
        }
        await remote.recordResult(probeID: probe.id, up: signed.observation.verdict == .up)
        return ResultReceipt(lease: signed.lease, accepted: true)
    }

    func probeList() async throws -> Response {
        var listed: [ProbeListing] = []
        let probes = try await store.probes()
        // With a shared queue an agent may talk to another replica: its heartbeats in the store say it is online.
        if shared != nil { await remote.refresh(from: probes, now: Date()) }
        for probe in probes { listed.append(await ProbeListing.of(probe, remote: remote)) }
        let local = await engine.local
        let wait = await remote.leaseWait
        struct Body: Encodable {
            let local: [String: String]
            let probes: [ProbeListing]
            /// Milliseconds jobs waited for an agent of their region to lease them, since the server started.
            let leaseWaitMs: [String: Double]
            enum CodingKeys: String, CodingKey { case local, probes, leaseWaitMs = "lease_wait_ms" }
        }
        return JSONResponse.make(Body(
            local: ["name": local.name, "region": local.region, "state": "online"], probes: listed,
            leaseWaitMs: ["count": Double(wait.count), "p50": wait.percentile(0.5), "p99": wait.percentile(0.99),
                          "max": wait.maxMs]))
    }
}

/// A result signed by the probe that posted it.
struct OpenedResult: Sendable {
    let signed: SignedObservation
    let identity: ProbeIdentity
}

/// A result refused before its lease was looked at.
struct RefusedResult: Error {
    let receipt: ResultReceipt
}
