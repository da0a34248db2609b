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
        abstract: "Feed synthetic checks to each monitor's anomaly detection as the engine does; print the CPU it costs.",
        discussion: "Each monitor's detectors (one per phase) and error-rate counter first take 30-39 checks (cold "
            + "start, not measured; the spread keeps their periodic re-sorts out of step, as in a real server). Then "
            + "one check per monitor per interval is fed as fast as possible for the simulated duration, each followed "
            + "by the engine's question (what is unusual now?); 1% of monitors slow down 5x halfway through."
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
        // What the engine keeps and does per monitor and check: one MonitorAnomalies (a detector per phase, the
        // error-rate counter), fed the check's phases, then asked what is unusual now.
        var anomalies = Array(repeating: MonitorAnomalies(), count: monitors)
        let usual = (0..<monitors).map { _ in Double.random(in: 5...205, using: &random) }
        // Jitter factors drawn once, so the measured loop spends its time in the detectors, not in a generator.
        let jitter = (0..<4096).map { _ in Double.random(in: 0.9...1.1, using: &random) }
        func noise(_ tick: Int, _ index: Int) -> Double { jitter[(tick &* 7919 &+ index) & 4095] }
        func sample(_ monitor: Int, tick: Int, factor: Double) -> Phases {
            var phases = Phases()
            for (offset, phase) in order.prefix(self.phases).enumerated() {
                let value = usual[monitor] * factor * noise(tick, monitor &* 6 &+ offset)
                switch phase {
                case .total: phases.total = value
                case .ttfb: phases.ttfb = value / 2
                case .tls: phases.tls = value / 4
                case .connect: phases.connect = value / 8
                case .dns: phases.dns = value / 16
                case .transfer: phases.transfer = value / 16
                }
            }
            return phases
        }
        let start: Int64 = 1_700_000_000_000
        for monitor in anomalies.indices {
            for tick in 0..<(30 + monitor % 10) {
                let at = start + Int64(tick - 40) * intervalMs
                anomalies[monitor].recordCheck(at: at)
                anomalies[monitor].recordLatency(sample(monitor, tick: tick, factor: 1), region: "local", at: at,
                                                 policy: policy)
            }
        }
        let ticks = Int(durationMs / intervalMs)
        var events = 0
        var degraded = Array(repeating: false, count: monitors)
        let cpuBefore = BenchProbeCommand.cpuSeconds()
        for tick in 0..<ticks {
            let at = start + Int64(tick) * intervalMs
            let slowdown = tick >= ticks / 2
            for monitor in anomalies.indices {
                let factor = slowdown && monitor % 100 == 0 ? 5.0 : 1.0
                anomalies[monitor].recordCheck(at: at)
                anomalies[monitor].recordLatency(sample(monitor, tick: tick, factor: factor), region: "local", at: at,
                                                 policy: policy)
                let now = anomalies[monitor].latency(now: at) != nil || anomalies[monitor].errorRate() != nil
                if now != degraded[monitor] {
                    events += 1
                    degraded[monitor] = now
                }
            }
        }
        let cpu = BenchProbeCommand.cpuSeconds() - cpuBefore
        let simulatedSeconds = Double(ticks) * Double(intervalMs) / 1000
        let seriesCount = monitors * phases
        let samples = ticks * seriesCount
        let share = cpu / simulatedSeconds * 100
        output.out("series            \(seriesCount) (\(monitors) monitors x \(phases) phases, and each monitor's "
            + "error rate)")
        let intervalText = DurationText.format(.milliseconds(intervalMs))
        output.out("simulated         \(Int(simulatedSeconds)) s at a \(intervalText) interval, \(samples) samples, "
            + "\(events) monitors became or stopped being degraded")
        output.out("cpu               \(round3(cpu)) s in all, \(round3(cpu / Double(samples) * 1e6)) µs per sample")
        output.out("cpu per sim. s    \(round3(cpu / simulatedSeconds * 1000)) ms: \(round3(share))% of one core")
        let rss = Self.maxResidentMegabytes()
        let perSeries = rss * 1024 / max(1, seriesCount)
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
