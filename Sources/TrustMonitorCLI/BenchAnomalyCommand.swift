import ArgumentParser
import TrustMonitorCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `trustmonitor bench anomaly`: the cost of latency baselines and detection at scale, in CPU per simulated
/// second, so "10,000 monitors at 10 s under 5% of one core" is a number rather than a hope.
struct BenchAnomalyCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "anomaly",
        abstract: "Feed synthetic latency samples to one detector per monitor and phase; print the CPU it costs.",
        discussion: "Every detector first takes 30-39 samples (cold start, not measured; the spread keeps their "
            + "periodic re-sorts out of step, as in a real server). Then one sample per detector per interval is "
            + "fed as fast as possible for the simulated duration; 1% of monitors slow down 5x halfway through."
    )

    @Option(help: "Monitors.")
    var monitors = 10_000

    @Option(help: "Each monitor's interval.")
    var interval = "10s"

    @Option(help: "Simulated time to measure.")
    var duration = "60s"

    @Option(help: "Phases per monitor (1 to 6: total, then ttfb, tls, connect, dns, transfer).")
    var phases = 6

    func execute(output: any CommandOutput) async -> ExitStatus {
        let intervalMs: Int64
        let durationMs: Int64
        do {
            intervalMs = try DurationText.parse(interval).milliseconds
            durationMs = try DurationText.parse(duration).milliseconds
            guard (1...1_000_000).contains(monitors), (1...6).contains(phases), intervalMs > 0,
                  durationMs >= intervalMs else {
                throw UsageError("--monitors must be 1 to 1000000, --phases 1 to 6, --duration at least --interval")
            }
        } catch {
            output.err("error: \(error)")
            return .usage
        }
        let order: [LatencyPhase] = [.total, .ttfb, .tls, .connect, .dns, .transfer]
        let policy = AnomalyPolicy.default
        var random = SystemRandomNumberGenerator()
        var detectors = (0..<monitors * phases).map { AnomalyDetector(phase: order[$0 % phases]) }
        let usual = (0..<monitors).map { _ in Double.random(in: 5...205, using: &random) }
        // Jitter factors drawn once, so the measured loop spends its time in the detectors, not in a generator.
        let jitter = (0..<4096).map { _ in Double.random(in: 0.9...1.1, using: &random) }
        func noise(_ tick: Int, _ index: Int) -> Double { jitter[(tick &* 7919 &+ index) & 4095] }
        let start: Int64 = 1_700_000_000_000
        for index in detectors.indices {
            for sample in 0..<(30 + index % 10) {
                _ = detectors[index].record(usual[index / phases] * noise(sample, index),
                                            at: start + Int64(sample - 40) * intervalMs, policy: policy)
            }
        }
        let ticks = Int(durationMs / intervalMs)
        var events = 0
        let cpuBefore = BenchProbeCommand.cpuSeconds()
        for tick in 0..<ticks {
            let at = start + Int64(tick) * intervalMs
            let slowdown = tick >= ticks / 2
            for index in detectors.indices {
                let monitor = index / phases
                let factor = slowdown && monitor % 100 == 0 ? 5.0 : 1.0
                let value = usual[monitor] * factor * noise(tick, index)
                if detectors[index].record(value, at: at, policy: policy) != nil { events += 1 }
            }
        }
        let cpu = BenchProbeCommand.cpuSeconds() - cpuBefore
        let simulatedSeconds = Double(ticks) * Double(intervalMs) / 1000
        let samples = ticks * detectors.count
        let share = cpu / simulatedSeconds * 100
        output.out("series            \(detectors.count) (\(monitors) monitors x \(phases) phases)")
        let intervalText = DurationText.format(.milliseconds(intervalMs))
        output.out("simulated         \(Int(simulatedSeconds)) s at a \(intervalText) interval, \(samples) samples, "
            + "\(events) events")
        output.out("cpu               \(round3(cpu)) s in all, \(round3(cpu / Double(samples) * 1e6)) µs per sample")
        output.out("cpu per sim. s    \(round3(cpu / simulatedSeconds * 1000)) ms: \(round3(share))% of one core")
        let rss = Self.maxResidentMegabytes()
        let perSeries = rss * 1024 / max(1, detectors.count)
        output.out("max rss           \(rss) MB (\(perSeries) KB per series, an upper bound)")
        return .up
    }

    private func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    /// The process's peak resident memory (Linux reports KB, macOS bytes).
    static func maxResidentMegabytes() -> Int {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss) / 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss) / 1024 / 1024
        #endif
    }
}
