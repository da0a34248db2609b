public import Foundation
import Logging
public import ServiceLifecycle
import TrustMonitorCore
public import TrustMonitorStore

/// After each UTC day ends, appends one `summary.daily` ledger entry per monitor with that day's SLA figures: the
/// active replica runs it. Each (monitor, day) is summarized once however many replicas or restarts try (the store
/// keeps which are done in the entry's transaction); at start it catches up on days missed while no replica ran,
/// at most `catchUpDays` back.
public struct DailySummaryService: Service {
    let store: any Store
    /// The sources as they are now: a reloaded configuration's windows apply to the next day summarized.
    let sources: @Sendable () async -> SLASources
    let catchUpDays: Int
    /// How long after a day ends it is summarized: checks in flight at midnight are counted in their hour by then.
    let grace: Duration
    let logger = Logger(label: "trustmonitor.sla")

    public init(store: any Store, sources: @escaping @Sendable () async -> SLASources, catchUpDays: Int = 7,
                grace: Duration = .seconds(300)) {
        self.store = store
        self.sources = sources
        self.catchUpDays = catchUpDays
        self.grace = grace
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let appended = try await summarize(now: Date())
                if appended > 0 { logger.info("daily summaries appended to the ledger", metadata: ["count": "\(appended)"]) }
            } catch {
                logger.error("daily summaries not appended; retried within the hour", metadata: ["error": "\(error)"])
            }
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.untilNextRun(now: Date())) }
        }
    }

    /// Summarizes every finished day (ended at least `grace` before `now`) of the last `catchUpDays` that a monitor
    /// in use existed in and that is not summarized yet. Returns how many entries were appended.
    @discardableResult
    public func summarize(now: Date) async throws -> Int {
        let end = UTCSeconds.floor(UTCSeconds.of(now) - Int64(grace.components.seconds), UTCSeconds.day)
        let start = end - Int64(catchUpDays) * UTCSeconds.day
        guard start < end else { return 0 }
        let done = Set(try await store.dailySummaries(monitor: nil, from: UTCSeconds.dayText(start),
                                                      through: UTCSeconds.dayText(end - 1))
            .map { "\($0.monitor) \($0.day)" })
        let maker = SLAReportMaker(sources: try await sources().preloaded())
        var appended = 0
        for monitor in try await store.monitors() where !monitor.retired {
            let days = stride(from: start, to: end, by: Int(UTCSeconds.day)).filter { day in
                day + UTCSeconds.day > UTCSeconds.of(monitor.createdAt)
                    && !done.contains("\(monitor.id) \(UTCSeconds.dayText(day))")
            }
            guard !days.isEmpty else { continue }
            appended += try await store.appendDailySummaries(try await maker.dailySummaries(monitor: monitor, days: days,
                                                                                            now: now))
        }
        return appended
    }

    /// Until the next day's summaries are due, at most an hour (a failed run is retried within the hour).
    func untilNextRun(now: Date) -> Duration {
        let grace = Int64(grace.components.seconds), current = UTCSeconds.of(now)
        let due = UTCSeconds.floor(current - grace, UTCSeconds.day) + UTCSeconds.day + grace
        return .seconds(max(1, min(3600, due - current)))
    }
}
