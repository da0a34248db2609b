import ArgumentParser
import Foundation
import TrustMonitorCore
import TrustMonitorEngine
import TrustMonitorProbe
import TrustMonitorStore

/// `trustmonitor bench serve`: the whole engine (scheduler, queue, probes, verdicts, SQLite writes) with
/// many monitors, reporting what an operator sizes a machine by.
struct BenchServeCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run N monitors against one local URL for a while; print checks/s, schedule lag, memory, DB growth."
    )

    @Option(help: "A local URL every monitor checks (use a local server such as nginx).")
    var url: String

    @Option(help: "How many monitors.")
    var monitors = 10_000

    @Option(help: "Each monitor's interval.")
    var interval = "10s"

    @Option(help: "How long to measure, after one interval of warm-up.")
    var duration = "60s"

    @Option(help: "Checks in flight at most.")
    var concurrency = 256

    @Flag(help: "Print one JSON object.")
    var json = false

    func execute(output: any CommandOutput) async -> ExitStatus {
        let target: Target
        let interval: Duration
        let duration: Duration
        do {
            target = try Target.parse(url)
            interval = try DurationText.parse(self.interval)
            duration = try DurationText.parse(self.duration)
            guard (1...1_000_000).contains(monitors), interval > .zero, duration > .zero else {
                throw UsageError("--monitors must be 1 to 1000000; --interval and --duration positive")
            }
        } catch {
            output.err("error: \(error)")
            return .usage
        }
        do {
            let directory = NSTemporaryDirectory() + "tm-bench-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let store = try await SQLiteStore.open(path: directory + "/bench.db")
            try await store.migrate()
            let queue = JobQueue()
            let engine = MonitorEngine(store: store, queue: queue)
            var definitions: [MonitorDefinition] = []
            for index in 0..<monitors {
                let name = "bench-\(index)"
                let record = try await store.upsertMonitor(name: name, endpoint: target.description, interval: interval,
                                                           now: Date())
                definitions.append(MonitorDefinition(
                    id: record.id, name: name, request: CheckRequest(target: target, timeout: .seconds(5), retry: .never),
                    interval: interval, verification: .default, paused: false))
            }
            try await engine.apply(definitions)
            let service = MonitoringService(engine: engine, queue: queue, prober: Prober(), concurrency: concurrency)
            let running = Task { try? await service.run() }

            try await Task.sleep(for: interval)  // warm-up: every monitor has fired once
            await engine.resetLag()
            let sizeBefore = Self.databaseBytes(directory)
            let cpuBefore = BenchProbeCommand.cpuSeconds()
            let clock = ContinuousClock()
            let start = clock.now
            try await Task.sleep(for: duration)
            let elapsed = start.duration(to: clock.now)
            let lag = await engine.lag
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let cpu = BenchProbeCommand.cpuSeconds() - cpuBefore
            let growth = Double(Self.databaseBytes(directory) - sizeBefore)
            await queue.close()
            running.cancel()
            _ = await running.value
            try await store.close()

            let checksPerSecond = Double(lag.count) / seconds
            let report: [String: Double] = [
                "monitors": Double(monitors), "interval_s": Double(interval.milliseconds) / 1000,
                "checks_per_second": checksPerSecond, "expected_checks_per_second": Double(monitors) / (Double(interval.milliseconds) / 1000),
                "lag_p50_ms": lag.percentile(0.5), "lag_p99_ms": lag.percentile(0.99), "lag_max_ms": lag.maxMs,
                "rss_mb": Self.residentMegabytes(), "cpu_cores": cpu / seconds,
                "db_growth_mb_per_day": growth / seconds * 86400 / 1_048_576, "seconds": seconds,
            ]
            if json {
                let pairs = report.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\(($0.value * 1000).rounded() / 1000)" }
                output.out("{" + pairs.joined(separator: ",") + "}")
            } else {
                for (key, value) in report.sorted(by: { $0.key < $1.key }) {
                    output.out("\(key.padding(toLength: 28)) \((value * 100).rounded() / 100)")
                }
            }
            return .up
        } catch {
            output.err("bench serve: \(error)")
            return .down
        }
    }

    static func databaseBytes(_ directory: String) -> Int64 {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.reduce(0) { total, file in
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + file)
            return total + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    /// VmRSS from /proc/self/status, in MiB (0 where there is no /proc).
    static func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kb / 1024
    }
}
