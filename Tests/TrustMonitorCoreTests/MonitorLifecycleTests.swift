import Foundation
import Testing
import TrustMonitorCore

@Suite struct MonitorLifecycleTests {
    static let policy = VerificationPolicy(probes: 2, quorum: 2, within: .seconds(30), recoverQuorum: 2,
                                           recheckDelay: .seconds(1))

    static func look(_ up: Bool, role: ProbeVerdict.Role = .primary) -> ProbeVerdict {
        let attempt = Attempt(number: 1, startedAt: Date(), url: "http://a.test/",
                              failure: up ? nil : Failure(.http5xx, "HTTP 503"))
        let observation = Observation(target: "http://a.test/", method: "GET", startedAt: Date(), finishedAt: Date(),
                                      attempts: [attempt], retryStop: nil)
        return ProbeVerdict(probe: "local", role: role, independence: "test", observation: observation)
    }

    /// A compact trace of the actions, for table assertions.
    static func names(_ actions: [MonitorLifecycle.Action]) -> [String] {
        actions.map { action in
            switch action {
            case .stateChanged(let state): return "state:\(state.rawValue)"
            case .requestVerification(let count, _): return "verify:\(count)"
            case .openIncident(let failure, let verdicts): return "open:\(failure.code.rawValue):\(verdicts.count)"
            case .recordSuppressed(_, let verdicts, _): return "suppressed:\(verdicts.count)"
            case .resolveIncident(let verdicts): return "resolve:\(verdicts.count)"
            }
        }
    }

    enum Step: Sendable { case primary(Bool), verify(Bool), timeout }

    static func run(_ steps: [Step], from state: MonitorState = .up, policy: VerificationPolicy = policy)
        -> (trace: [String], final: MonitorState)
    {
        var lifecycle = MonitorLifecycle(state: state)
        var trace: [String] = []
        for step in steps {
            let input: MonitorLifecycle.Input
            switch step {
            case .primary(let up): input = .primary(look(up))
            case .verify(let up): input = .verification(look(up, role: .verification))
            case .timeout: input = .verificationTimedOut
            }
            trace += names(lifecycle.handle(input, policy: policy))
        }
        return (trace, lifecycle.state)
    }

    @Test func pendingBecomesUpOnFirstSuccess() {
        let result = Self.run([.primary(true), .primary(true)], from: .pending)
        #expect(result.trace == ["state:up"])
        #expect(result.final == .up)
    }

    @Test func singleTransientFailureIsSuppressed() {
        let result = Self.run([.primary(false), .verify(true), .verify(true)])
        #expect(result.trace == ["state:suspect", "verify:2", "state:up", "suppressed:3"])
        #expect(result.final == .up)
    }

    @Test func suppressedAsSoonAsQuorumIsImpossible() {
        let strict = VerificationPolicy(probes: 2, quorum: 3, within: .seconds(30), recoverQuorum: 2, recheckDelay: .zero)
        let result = Self.run([.primary(false), .verify(true)], policy: strict)
        #expect(result.trace == ["state:suspect", "verify:2", "state:up", "suppressed:2"])
    }

    @Test func confirmedOutageOpensExactlyOneIncident() {
        let result = Self.run([.primary(false), .verify(false), .verify(false), .primary(false), .primary(false)])
        #expect(result.trace == ["state:suspect", "verify:2", "state:down", "open:http_5xx:2"])
        #expect(result.final == .down)
    }

    @Test func recoveryNeedsAQuorumOfSuccesses() {
        let result = Self.run([.primary(false), .verify(false), .primary(true), .verify(true)])
        #expect(result.trace == ["state:suspect", "verify:2", "state:down", "open:http_5xx:2", "verify:1",
                                 "state:up", "resolve:2"])
        #expect(result.final == .up)
    }

    @Test func oneGoodResponseDuringOutageResolvesNothing() {
        let result = Self.run([.primary(true), .verify(false), .primary(false), .primary(true), .timeout], from: .down)
        #expect(result.trace == ["verify:1", "verify:1"])
        #expect(result.final == .down)
    }

    @Test func timeoutDecidesWithVerdictsInHand() {
        let result = Self.run([.primary(false), .verify(false), .timeout])
        #expect(result.trace == ["state:suspect", "verify:2", "state:down", "open:http_5xx:2"])
        let lonely = Self.run([.primary(false), .timeout])
        #expect(lonely.trace == ["state:suspect", "verify:2", "state:up", "suppressed:1"])
    }

    @Test func quorumOfOneOpensWithoutVerification() {
        let solo = VerificationPolicy(probes: 0, quorum: 1, within: .seconds(30), recoverQuorum: 1, recheckDelay: .zero)
        let result = Self.run([.primary(false), .primary(true)], policy: solo)
        #expect(result.trace == ["state:suspect", "state:down", "open:http_5xx:1", "state:up", "resolve:1"])
    }

    @Test func scheduledChecksDuringVerificationAreIgnored() {
        let result = Self.run([.primary(false), .primary(true), .verify(false)])
        #expect(result.trace == ["state:suspect", "verify:2", "state:down", "open:http_5xx:2"])
    }

    @Test func pausedIgnoresEverythingUntilResumed() {
        var lifecycle = MonitorLifecycle(state: .up)
        #expect(Self.names(lifecycle.pause()) == ["state:paused"])
        #expect(lifecycle.handle(.primary(Self.look(false)), policy: Self.policy).isEmpty)
        #expect(Self.names(lifecycle.resume()) == ["state:pending"])
    }

    @Test func suspectAfterRestartStartsOver() {
        #expect(MonitorLifecycle(state: .suspect).state == .up)
    }
}
