import Testing
import TrustMonitorCore

@Suite struct AnomalyExplanationTests {
    static func explanation(_ phase: LatencyPhase, usual: Double, current: Double, seconds: Int64)
        -> AnomalyExplanation {
        AnomalyExplanation(phase: phase, usualMs: usual, currentMs: current, since: 1_000_000,
                           until: 1_000_000 + seconds * 1000, seasonal: false)
    }

    @Test(arguments: [
        (explanation(.tls, usual: 40, current: 164, seconds: 360), "TLS handshake 4.1x its usual 40 ms for 6 minutes"),
        (explanation(.dns, usual: 2.5, current: 25, seconds: 45), "DNS lookup 10x its usual 2.5 ms for 45 seconds"),
        (explanation(.total, usual: 800, current: 2400, seconds: 7500),
         "Response time 3x its usual 800 ms for 2 hours 5 minutes"),
        (explanation(.ttfb, usual: 1250, current: 2500, seconds: 60), "Time to first byte 2x its usual 1.3 s for 60 seconds"),
        (explanation(.connect, usual: 10, current: 15, seconds: 7200), "TCP connect 1.5x its usual 10 ms for 2 hours"),
        (explanation(.transfer, usual: 30, current: 90, seconds: 61), "Body transfer 3x its usual 30 ms for 61 seconds"),
    ])
    func readsAsASentence(explanation: AnomalyExplanation, text: String) {
        #expect(explanation.description == text)
    }

    @Test func regionsSayHowWidespread() {
        let slow = Self.explanation(.tls, usual: 40, current: 164, seconds: 360)
        let slower = Self.explanation(.tls, usual: 40, current: 200, seconds: 300)
        let both = RegionalAnomaly(degraded: ["fra": slow, "ams": slower], regionCount: 3)
        #expect(both?.description == "TLS handshake 5x its usual 40 ms for 5 minutes, in 2 of 3 regions")
        #expect(both?.regions == ["ams", "fra"])
        #expect(RegionalAnomaly(degraded: ["fra": slow], regionCount: 1)?.description
            == "TLS handshake 4.1x its usual 40 ms for 6 minutes")
        #expect(RegionalAnomaly(degraded: [:], regionCount: 3) == nil)
    }

    @Test func baselineShiftNamesTheTime() {
        let shift = BaselineShift(phase: .tls, fromMs: 40, toMs: 120, at: 1_700_000_000_000)
        #expect(shift.description == "TLS handshake baseline moved from 40 ms to 120 ms on 2023-11-14T22:13:20.000Z")
    }

    @Test(arguments: LatencyPhase.allCases)
    func eachPhaseReadsItsOwnTiming(phase: LatencyPhase) {
        let phases = Phases(dns: 1, connect: 2, tls: 3, ttfb: 4, transfer: 5, total: 6)
        let expected: [LatencyPhase: Double] = [.dns: 1, .connect: 2, .tls: 3, .ttfb: 4, .transfer: 5, .total: 6]
        #expect(phase.milliseconds(in: phases) == expected[phase])
        #expect(phase.milliseconds(in: Phases()) == nil)
    }
}
