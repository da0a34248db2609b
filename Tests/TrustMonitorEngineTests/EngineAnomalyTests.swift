import Foundation
import Testing
@testable import TrustMonitorTestSupport
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorStore

/// End to end: a real target whose latency the test raises and lowers. The monitor becomes degraded with an
/// explanation and back, its period is stored and logged, its channel hears both, and nothing else happens: no
/// incident, no suppressed episode, the lifecycle state up throughout.
@Suite(.serialized) struct EngineAnomalyTests {
    /// The default policy scaled from minutes to seconds, so a test sees a whole slowdown in a few seconds. Slow
    /// means at least 500 ms slower: the target's 1 s delay is, and a loaded test machine's loopback jitter (up to
    /// hundreds of ms for seconds at a time under the full suite, which a 1-second minimum duration would rightly call
    /// a slowdown) is not. The suite runs its tests one at a time, so they do not load the machine for each other.
    static let quickSettings: AnomalySettings = {
        var settings = AnomalySettings(enabled: true, sensitivity: .normal, minimumDuration: .seconds(1), alerts: ["chat"])
        settings.policy = AnomalyPolicy(
            madMultiplier: 5, madFloorMs: 1, minimumFactor: 1.5, minimumIncreaseMs: 500, minimumSamples: 20,
            minimumDuration: .seconds(1), minimumSlowSamples: 3, minimumSlowShare: 0.6, clearAfter: .seconds(1),
            adoptAfter: .seconds(600))
        return settings
    }()

    @Test func raisedLatencyDegradesTheMonitorAndClearsWithoutAnIncident() async throws {
        let slow = TargetSwitch()
        let server = try await TestServer.start { _ in slow.isDown ? .delay(.milliseconds(1000), then: .ok()) : .ok() }
        let harness = try await EngineHarness.start(monitors: [("api", server.url("/"))], interval: .milliseconds(200),
                                                    anomaly: Self.quickSettings)
        let id = try await harness.monitorID("api")
        // Learning: well past the 20 samples the policy needs, nothing is degraded at normal speed.
        let learned = await harness.eventually(within: .seconds(120)) { server.requestCount >= 40 }
        let quietWhileNormal = try await harness.store.openDegradations().isEmpty

        slow.isDown = true
        let degraded = await harness.eventually(within: .seconds(120)) { (try? await harness.store.openDegradations().count) == 1 }
        let open = try await harness.store.openDegradations().first
        let stateWhileDegraded = try await harness.store.monitor(id: id)?.state

        slow.isDown = false
        let cleared = await harness.eventually(within: .seconds(120)) { (try? await harness.store.openDegradations().isEmpty) == true }
        let periods = try await harness.store.degradations(monitor: id, from: Date(timeIntervalSinceNow: -600), to: Date())
        let incidents = try await harness.store.incidents(state: nil, monitor: id, limit: 10)
        let suppressed = try await harness.store.suppressedEpisodes(monitor: id, limit: 10)
        let alerts = try await harness.store.alertDeliveries(state: nil, incident: nil, limit: 10)
        let ledger = try await harness.store.ledgerEntries(from: 0, limit: 100).compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.bytes)) as? [String: Any])?["type"] as? String
        }
        let finalState = try await harness.store.monitor(id: id)?.state
        try await harness.stop()
        try await server.shutdown()

        #expect(learned && quietWhileNormal)
        #expect(degraded && cleared)
        #expect(open?.kind == .latency && open?.monitor == id)
        #expect(open?.explanation.contains("its usual") == true, "\(open?.explanation ?? "none")")
        #expect(stateWhileDegraded == .up, "degraded is up: the lifecycle never sees it")
        #expect(finalState == .up)
        #expect(incidents.isEmpty && suppressed.isEmpty)
        #expect(periods.count == 1 && periods.first?.ending == "back to usual", "\(periods)")
        let period = try #require(periods.first)
        let endedAt = try #require(period.endedAt)
        #expect(endedAt > period.startedAt)
        // The period ends at its last slow check; the end was decided after the quiet spell (1 s here) that proved it.
        let decided = try #require(alerts.first { $0.message.kind == .degradationEnded }?.message.at)
        #expect(endedAt.addingTimeInterval(1) <= decided, "ended \(endedAt), decided \(decided)")
        #expect(alerts.map(\.message.kind).sorted { $0.rawValue < $1.rawValue } == [.degradationEnded, .degraded])
        #expect(alerts.allSatisfy { $0.channel == "chat" && $0.message.degradationID == open?.id })
        #expect(ledger == ["degradation.started", "degradation.ended"])
    }

    @Test func anomalyDetectionTurnedOffNeverDegrades() async throws {
        let slow = TargetSwitch()
        let server = try await TestServer.start { _ in slow.isDown ? .delay(.milliseconds(1000), then: .ok()) : .ok() }
        var settings = Self.quickSettings
        settings.enabled = false
        let harness = try await EngineHarness.start(monitors: [("api", server.url("/"))], interval: .milliseconds(200),
                                                    anomaly: settings)
        let learned = await harness.eventually(within: .seconds(120)) { server.requestCount >= 30 }
        slow.isDown = true
        let slowChecks = server.requestCount
        let ran = await harness.eventually(within: .seconds(120)) { server.requestCount >= slowChecks + 10 }
        let periods = try await harness.store.degradations(monitor: nil, from: Date(timeIntervalSinceNow: -600), to: Date())
        try await harness.stop()
        try await server.shutdown()
        #expect(learned && ran)
        #expect(periods.isEmpty)
    }

    /// A restarted engine feeds its stored checks to the detectors before the first live one: a target already slow
    /// when the server comes back is seen as slow, not learned as its new normal.
    @Test func aRestartKeepsTheBaselineFromStoredChecks() async throws {
        let slow = TargetSwitch()
        let server = try await TestServer.start { _ in slow.isDown ? .delay(.milliseconds(1000), then: .ok()) : .ok() }
        let first = try await EngineHarness.start(monitors: [("api", server.url("/"))], interval: .milliseconds(200),
                                                  anomaly: Self.quickSettings)
        let learned = await first.eventually(within: .seconds(120)) { server.requestCount >= 40 }
        try await first.stop()

        slow.isDown = true
        let second = try await EngineHarness.start(monitors: [("api", server.url("/"))], interval: .milliseconds(200),
                                                   directory: first.directory, anomaly: Self.quickSettings)
        let degraded = await second.eventually(within: .seconds(120)) { (try? await second.store.openDegradations().count) == 1 }
        try await second.stop()
        try await server.shutdown()
        #expect(learned)
        #expect(degraded, "without the stored checks the slow target would have been learned as normal")
    }

    /// Down is worse than slow: an incident opening ends the degradation period, which says why; the monitor's
    /// downtime is the incident's alone.
    @Test func anIncidentEndsTheDegradation() async throws {
        let slow = TargetSwitch(), down = TargetSwitch()
        let server = try await TestServer.start { _ in
            down.isDown ? .respond(status: 503) : slow.isDown ? .delay(.milliseconds(1000), then: .ok()) : .ok()
        }
        let harness = try await EngineHarness.start(monitors: [("api", server.url("/"))], interval: .milliseconds(200),
                                                    anomaly: Self.quickSettings)
        let id = try await harness.monitorID("api")
        let learned = await harness.eventually(within: .seconds(120)) { server.requestCount >= 40 }
        slow.isDown = true
        let degraded = await harness.eventually(within: .seconds(120)) {
            (try? await harness.store.openDegradations().count) == 1
        }
        down.isDown = true
        let opened = await harness.eventually(within: .seconds(120)) {
            let incident = try? await harness.store.openIncident(monitor: id)
            let open = try? await harness.store.openDegradations()
            return incident != nil && open?.isEmpty == true
        }
        let periods = try await harness.store.degradations(monitor: id, from: Date(timeIntervalSinceNow: -600), to: Date())
        try await harness.stop()
        try await server.shutdown()
        #expect(learned && degraded && opened)
        #expect(periods.count == 1 && periods.first?.ending == "an incident opened", "\(periods)")
    }

    /// A slowdown that lasts past `adoptAfter` becomes the new normal: the period ends saying so, while the target is
    /// still slow, and no new one opens for the same level.
    @Test func aLastingStepBecomesTheNewNormal() async throws {
        let slow = TargetSwitch()
        let server = try await TestServer.start { _ in slow.isDown ? .delay(.milliseconds(1000), then: .ok()) : .ok() }
        var settings = Self.quickSettings
        settings.policy.adoptAfter = .seconds(4)
        let harness = try await EngineHarness.start(monitors: [("api", server.url("/"))], interval: .milliseconds(200),
                                                    anomaly: settings)
        let id = try await harness.monitorID("api")
        let learned = await harness.eventually(within: .seconds(120)) { server.requestCount >= 40 }
        slow.isDown = true
        let adopted = await harness.eventually(within: .seconds(120)) {
            let periods = try? await harness.store.degradations(monitor: id, from: Date(timeIntervalSinceNow: -600),
                                                                to: Date())
            return periods?.first?.ending != nil
        }
        let afterAdoption = server.requestCount
        let ranOn = await harness.eventually(within: .seconds(120)) { server.requestCount >= afterAdoption + 10 }
        let periods = try await harness.store.degradations(monitor: id, from: Date(timeIntervalSinceNow: -600), to: Date())
        try await harness.stop()
        try await server.shutdown()
        #expect(learned && adopted && ranOn)
        #expect(periods.count == 1, "the new level is normal now: \(periods)")
        let ending = try #require(periods.first?.ending)
        #expect(ending.hasPrefix("the new normal: ") && ending.contains("baseline moved from"), "\(ending)")
    }
}
