import Foundation
import TrustMonitorStore

/// Every monitor's settled buckets, kept between page views: a status page shows 90 days of a thousand monitors,
/// and all but the last two days (or hours) are history that no longer changes, so each view reads only the last
/// two buckets of every monitor and takes the rest from here.
///
/// A bucket is settled once the next one has ended: results are counted in the bucket their check started in, and
/// reach the store within a lease (seconds to minutes) of it. What is kept is read afresh when the window moves on
/// (a new hour or day) and at least every `maxAge`, so even an import into old buckets shows within minutes. Each
/// replica keeps its own.
actor RollupHistory {
    private struct Kept {
        var grid: RollupGrid
        var loadedAt: Date
    }

    private var kept: [RollupPeriod: Kept] = [:]
    let maxAge: TimeInterval

    init(maxAge: TimeInterval = 600) {
        self.maxAge = maxAge
    }

    /// The last `count` buckets of `period` up to `now`, of every monitor.
    func grid(_ period: RollupPeriod, count: Int, now: Date, store: any Store) async throws -> RollupGrid {
        var grid = RollupGrid(period: period, count: count, now: now)
        guard count > 2 else {
            grid.add(try await store.rollups(period: period, from: grid.from, to: now))
            return grid
        }
        // The last two buckets are read every time; the ones before them are the settled history.
        let settledEnd = grid.starts[count - 2]
        if let kept = kept[period], kept.grid.starts == grid.starts, now.timeIntervalSince(kept.loadedAt) < maxAge,
           now >= kept.loadedAt {
            grid = kept.grid
        } else {
            grid.add(try await store.rollups(period: period, from: grid.from, to: settledEnd))
            kept[period] = Kept(grid: grid, loadedAt: now)
        }
        grid.add(try await store.rollups(period: period, from: settledEnd, to: now))
        return grid
    }
}
