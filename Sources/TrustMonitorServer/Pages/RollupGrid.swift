import Foundation
import TrustMonitorStore

/// The last `count` hours or UTC days as fixed slots, filled for many monitors from one bulk read of rollups:
/// pages index a bucket by integer arithmetic on its start (every hour is 3,600,000 ms and every UTC day
/// 86,400,000 ms, as the store buckets them), never a calendar call per bucket, so a page of a thousand monitors
/// costs one pass over the rows.
struct RollupGrid {
    /// One bucket's counts; zero checks when the monitor has no rollup there.
    struct Cell: Equatable {
        var checks = 0
        var up = 0
        var totalMsSum = 0.0

        /// Mean response time; nil without checks.
        var meanMs: Double? { checks > 0 ? totalMsSum / Double(checks) : nil }
    }

    let period: RollupPeriod
    /// Each slot's start, oldest first; the last slot holds `now`.
    let starts: [Date]
    private let firstMs: Int64
    private let lengthMs: Int64
    /// Each monitor's row of slots in `cells`, in the order monitors were first seen.
    private var rows: [String: Int] = [:]
    /// Every monitor's slots, one row after another.
    private var cells: [Cell] = []

    init(period: RollupPeriod, count: Int, now: Date) {
        self.period = period
        let lengthMs: Int64 = period == .hour ? 3_600_000 : 86_400_000
        let nowMs = now.epochMilliseconds
        let lastMs = nowMs - ((nowMs % lengthMs) + lengthMs) % lengthMs
        let firstMs = lastMs - Int64(max(count - 1, 0)) * lengthMs
        self.lengthMs = lengthMs
        self.firstMs = firstMs
        starts = (0..<max(count, 0)).map { Date(epochMilliseconds: firstMs + Int64($0) * lengthMs) }
    }

    /// The first slot's start: what to read rollups from.
    var from: Date { Date(epochMilliseconds: firstMs) }

    /// The last `count` buckets of `period` up to `now` of every monitor, read from the store in one query; through
    /// `history`, only the last two are read and the settled ones kept between calls.
    static func read(_ period: RollupPeriod, count: Int, now: Date, from store: any Store,
                     history: RollupHistory? = nil) async throws -> RollupGrid {
        if let history { return try await history.grid(period, count: count, now: now, store: store) }
        var grid = RollupGrid(period: period, count: count, now: now)
        grid.add(try await store.rollups(period: period, from: grid.from, to: now))
        return grid
    }

    /// Puts each rollup of the grid's period in its slot, replacing what was there; others (outside the span,
    /// another period) are ignored. Any order, but a monitor's rollups one after another (as the store gives them)
    /// cost one dictionary look-up for the run rather than one each.
    mutating func add(_ rollups: [Rollup]) {
        let count = starts.count
        var last: (monitor: String, row: Int)?
        for rollup in rollups where rollup.period == period {
            let offset = rollup.start.epochMilliseconds - firstMs
            guard offset >= 0, offset % lengthMs == 0, offset / lengthMs < Int64(count) else { continue }
            let row: Int
            if let last, last.monitor == rollup.monitor {
                row = last.row
            } else if let known = rows[rollup.monitor] {
                row = known
            } else {
                row = rows.count
                rows[rollup.monitor] = row
                cells.append(contentsOf: repeatElement(Cell(), count: count))
            }
            last = (rollup.monitor, row)
            cells[row * count + Int(offset / lengthMs)] = Cell(checks: rollup.checks, up: rollup.up,
                                                               totalMsSum: rollup.totalMsSum)
        }
    }

    /// The monitor's slots, oldest first.
    func cells(_ monitor: String) -> [Cell] {
        guard let row = rows[monitor] else { return Array(repeating: Cell(), count: starts.count) }
        return Array(cells[row * starts.count ..< (row + 1) * starts.count])
    }

    /// The monitor's totals over the whole span.
    func total(_ monitor: String) -> Cell {
        cells(monitor).reduce(into: Cell()) { sum, cell in
            sum.checks += cell.checks
            sum.up += cell.up
            sum.totalMsSum += cell.totalMsSum
        }
    }
}
