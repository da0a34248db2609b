import ArgumentParser
import NIOConcurrencyHelpers
import TrustMonitorCore
import TrustMonitorProbe

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `trustmonitor bench ...`: measurements, not tests.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks of TrustMonitor's own parts.",
        subcommands: [BenchProbeCommand.self, BenchServeCommand.self, BenchLedgerCommand.self, BenchPagesCommand.self,
                      BenchAnomalyCommand.self]
    )
}

/// Runs N full checks (fresh connection each, every phase timed, conditions judged) at a concurrency,
/// and reports the rate, latency percentiles and CPU cost, for comparison with other probers.
struct BenchProbeCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Run N checks against one URL and print checks/s, p50/p99 latency and CPU per 1,000 checks."
    )

    @Option(help: "The target URL (use a local server: this sends N requests).")
    var url: String

    @Option(help: "Checks in flight at once.")
    var concurrency = 64

    @Option(help: "Checks to run in all.")
    var count = 10_000

    @Option(name: .customLong("condition"), help: "Conditions to judge on each response.")
    var conditions: [String] = []

    @Flag(help: "Print one JSON object.")
    var json = false

    func execute(output: any CommandOutput) async -> ExitStatus {
        let request: CheckRequest
        do {
            guard (1...10_000).contains(concurrency) else { throw UsageError("--concurrency must be 1 to 10000") }
            guard (1...10_000_000).contains(count) else { throw UsageError("--count must be 1 to 10000000") }
            request = CheckRequest(
                target: try Target.parse(url), timeout: .seconds(5),
                conditions: try conditions.map { text throws(ConditionParseError) in try Condition.parse(text) },
                retry: .never)
        } catch {
            output.err("error: \(error)")
            return .usage
        }
        let prober = Prober()
        let next = NIOLockedValueBox(0)
        let cpuBefore = Self.cpuSeconds()
        let clock = ContinuousClock()
        let started = clock.now
        let results = await withTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<min(concurrency, count) {
                group.addTask {
                    var latencies: [Double] = []
                    var failures = 0
                    while next.withLockedValue({ value in value += 1; return value <= count }) {
                        let observation = await prober.check(request)
                        latencies.append(observation.phases.total ?? 0)
                        if observation.verdict == .down { failures += 1 }
                    }
                    return (latencies, failures)
                }
            }
            var all: ([Double], Int) = ([], 0)
            for await (latencies, failures) in group {
                all.0 += latencies
                all.1 += failures
            }
            return all
        }
        let elapsed = started.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu = Self.cpuSeconds() - cpuBefore
        let sorted = results.0.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        let report = BenchReport(
            checks: sorted.count, failures: results.1, seconds: seconds,
            checksPerSecond: Double(sorted.count) / seconds, p50: percentile(0.5), p99: percentile(0.99),
            p999: percentile(0.999), max: sorted.last ?? 0,
            cpuSeconds: cpu, concurrency: concurrency)
        output.out(json ? report.json : report.text)
        return results.1 == 0 ? .up : .down
    }

    /// User plus system CPU time of this process.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

struct BenchReport {
    let checks: Int
    let failures: Int
    let seconds: Double
    let checksPerSecond: Double
    let p50: Double
    let p99: Double
    let p999: Double
    let max: Double
    let cpuSeconds: Double
    let concurrency: Int

    var cpuPerThousand: Double { checks == 0 ? 0 : cpuSeconds / Double(checks) * 1000 }

    var json: String {
        func r(_ v: Double) -> String { String((v * 1000).rounded() / 1000) }
        return "{\"checks\":\(checks),\"failures\":\(failures),\"concurrency\":\(concurrency),\"seconds\":\(r(seconds)),"
            + "\"checks_per_second\":\(r(checksPerSecond)),\"p50_ms\":\(r(p50)),\"p99_ms\":\(r(p99)),\"p999_ms\":\(r(p999)),\"max_ms\":\(r(max)),"
            + "\"cpu_seconds\":\(r(cpuSeconds)),\"cpu_seconds_per_1000\":\(r(cpuPerThousand))}"
    }

    var text: String {
        """
        checks         \(checks) (\(failures) failed), concurrency \(concurrency)
        rate           \(Int(checksPerSecond)) checks/s over \(String(format2(seconds))) s
        latency        p50 \(format2(p50)) ms, p99 \(format2(p99)) ms, p99.9 \(format2(p999)) ms, max \(format2(max)) ms
        cpu            \(format2(cpuSeconds)) s in all, \(format2(cpuPerThousand)) s per 1,000 checks
        """
    }

    private func format2(_ value: Double) -> String { String((value * 100).rounded() / 100) }
}
