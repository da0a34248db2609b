import Foundation
import Testing
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorProbe
@testable import TrustMonitorAgent
@testable import TrustMonitorTestSupport

/// One leased job through the real prober against a real target: waits for its start, signs what it saw,
/// and refuses what it cannot run rather than inventing a result.
@Suite struct LeasedCheckTests {
    static func job(_ spec: CheckSpec, notBefore: Date = Date(), expiresAt: Date = Date().addingTimeInterval(30)) -> LeasedJob {
        LeasedJob(lease: "lse_test", monitor: "mon_1", monitorName: "api", role: .primary, check: spec,
                  notBefore: notBefore, expiresAt: expiresAt)
    }

    static func identity() throws -> AgentIdentity {
        let signer = try AgentKey.loadOrCreate(dataDir: NSTemporaryDirectory() + "tm-agent-job-\(UUID().uuidString)")
        return AgentIdentity(probe: "agent-eu", region: "eu", signer: signer)
    }

    @Test func runsNoEarlierThanNotBeforeAndSignsTheResult() async throws {
        let target = try await TestServer.start(always: .ok(#"{"status": "ok"}"#))
        let request = CheckRequest(target: try Target.parse(target.url("/health")), timeout: .seconds(2),
                                   conditions: [try Condition.parse("[BODY].status == ok")], retry: .never)
        let notBefore = Date().addingTimeInterval(0.3)
        let identity = try Self.identity()
        let outcome = await LeasedCheck.run(Self.job(try #require(CheckSpec(request)), notBefore: notBefore),
                                            prober: Prober(), identity: identity)
        guard case .signed(let result) = outcome else {
            Issue.record("expected a signed result, got \(outcome)")
            return
        }
        let opened = try SignedObservation.open(result.envelope, key: identity.signer.verifierKey)
        #expect(opened.lease == "lse_test")
        #expect(opened.probe == "agent-eu")
        #expect(opened.region == "eu")
        #expect(opened.monitor == "mon_1")
        #expect(opened.role == .primary)
        #expect(opened.observation.verdict == .up)
        #expect(opened.observation.conditions.map(\.success) == [true])
        #expect(opened.observation.startedAt >= notBefore)
        #expect(target.requestCount == 1)
        try await target.shutdown()
    }

    @Test func aSpecThatCannotBeRebuiltIsRejectedAndNothingRuns() async throws {
        let target = try await TestServer.start(always: .ok())
        var spec = try #require(CheckSpec(CheckRequest(target: try Target.parse(target.url()))))
        spec.conditions = ["[STATUS] === 200"]
        let outcome = await LeasedCheck.run(Self.job(spec), prober: Prober(), identity: try Self.identity())
        guard case .rejected(let reason) = outcome else {
            Issue.record("expected a rejection, got \(outcome)")
            return
        }
        #expect(reason.contains("condition"))
        #expect(target.requestCount == 0)
        try await target.shutdown()
    }

    @Test func anExpiredLeaseIsNotRun() async throws {
        let target = try await TestServer.start(always: .ok())
        let spec = try #require(CheckSpec(CheckRequest(target: try Target.parse(target.url()))))
        let past = Date().addingTimeInterval(-1)
        let outcome = await LeasedCheck.run(Self.job(spec, notBefore: past.addingTimeInterval(-5), expiresAt: past),
                                            prober: Prober(), identity: try Self.identity())
        guard case .expired = outcome else {
            Issue.record("expected expired, got \(outcome)")
            return
        }
        #expect(target.requestCount == 0)
        try await target.shutdown()
    }
}
