import Foundation
import Testing
@testable import TrustMonitorTestSupport
import TrustMonitorCore
import TrustMonitorStore

/// End to end: scheduler, queue, probes, verification and incidents against real servers and a real file.
@Suite struct EngineVerdictTests {
    @Test func singleTransientFailureIsSuppressedNotAnIncident() async throws {
        let server = try await TestServer.start { $0.number == 3 ? .respond(status: 503) : .ok() }
        let harness = try await EngineHarness.start(monitors: [("blip", server.url("/health"))])
        let id = try await harness.monitorID("blip")
        let sawEpisode = await harness.eventually {
            (try? await harness.store.suppressedEpisodes(monitor: id, limit: 10).count) == 1
        }
        let moreChecks = await harness.eventually { server.requestCount >= 8 }
        let incidents = try await harness.store.incidents(state: nil, monitor: id, limit: 10)
        let episode = try await harness.store.suppressedEpisodes(monitor: id, limit: 10).first
        let monitor = try await harness.store.monitor(id: id)
        try await harness.stop()
        try await server.shutdown()
        #expect(sawEpisode && moreChecks)
        #expect(incidents.isEmpty)
        #expect(episode?.failure.code == .http5xx)
        #expect(episode?.verifications.count == 2)
        #expect(episode?.verifications.map(\.role) == [.primary, .verification])
        #expect(episode?.verifications.last?.observation.verdict == .up)
        #expect(monitor?.state == .up)
    }

    @Test func outageOpensExactlyOneIncidentAndResolvesItOnce() async throws {
        let target = TargetSwitch()
        let server = try await TestServer.start { _ in target.isDown ? .respond(status: 500, body: "boom") : .ok() }
        let harness = try await EngineHarness.start(monitors: [("api", server.url("/"))])
        let id = try await harness.monitorID("api")
        let wasUp = await harness.eventually { (try? await harness.store.monitor(id: id))?.state == .up }

        target.isDown = true
        let opened = await harness.eventually { (try? await harness.store.openIncident(monitor: id)) != nil }
        let checksWhileDown = server.requestCount
        _ = await harness.eventually { server.requestCount >= checksWhileDown + 6 }
        let stillOne = try await harness.store.incidents(state: nil, monitor: id, limit: 10).count

        target.isDown = false
        let resolved = await harness.eventually {
            (try? await harness.store.incidents(state: .resolved, monitor: id, limit: 10).count) == 1
        }
        let afterRecovery = server.requestCount
        _ = await harness.eventually { server.requestCount >= afterRecovery + 4 }
        let incidents = try await harness.store.incidents(state: nil, monitor: id, limit: 10)
        let monitor = try await harness.store.monitor(id: id)
        try await harness.stop()
        try await server.shutdown()

        #expect(wasUp && opened && resolved)
        #expect(stillOne == 1)
        #expect(incidents.count == 1)
        let incident = try #require(incidents.first)
        #expect(incident.state == .resolved)
        #expect(incident.failure.code == .http5xx)
        #expect(incident.monitorName == "api")
        #expect(incident.verifications.count >= 2)
        #expect(incident.verifications.allSatisfy { $0.observation.verdict == .down })
        #expect(incident.verifications.first?.observation.attempts.first?.body?.excerpt == "boom")
        #expect(incident.recoveries.count >= 2)
        #expect(incident.resolvedAt.map { $0 >= incident.openedAt } == true)
        #expect(monitor?.state == .up)
    }

    @Test func aHungTargetNeverDelaysOtherMonitors() async throws {
        let hung = try await TestServer.start(always: .hang)
        let healthy = try await TestServer.start(always: .ok())
        let harness = try await EngineHarness.start(monitors: [("hung", hung.url("/")), ("fine", healthy.url("/"))])
        // The hung monitor's checks each hold a probe for its 2 s timeout; the other keeps its 250 ms pace.
        let clock = ContinuousClock()
        let started = clock.now
        let kept = await harness.eventually(within: .seconds(60)) { healthy.requestCount >= 12 }
        let hungRequests = hung.requestCount
        let elapsed = started.duration(to: clock.now)
        // Each hung check holds its probe for the 2 s timeout, one after another (a verification re-check
        // included), however slowly this machine runs the test.
        let bound = Int(elapsed.components.seconds) / 2 + 2
        let fineID = try await harness.monitorID("fine")
        let fine = try await harness.store.monitor(id: fineID)
        try await harness.stop()
        try await hung.shutdown()
        try await healthy.shutdown()
        #expect(kept)
        #expect(hungRequests <= bound, "never two checks of one monitor in flight")
        #expect(fine?.state == .up)
    }
}
