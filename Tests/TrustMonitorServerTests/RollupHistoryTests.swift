import Foundation
import Testing
@testable import TrustMonitorServer
import TrustMonitorStore

/// Pages' rollups: slots by integer arithmetic, whatever order the rows come in; settled buckets kept between views
/// and the last two read every time.
@Suite struct RollupHistoryTests {
    static let dayMs: Int64 = 86_400_000
    /// Noon on a day, so "today" and its neighbours are plain.
    static let now = Date(epochMilliseconds: 20_000 * dayMs + dayMs / 2)

    static func day(_ offset: Int64, _ monitor: String, checks: Int, up: Int) -> Rollup {
        Rollup(monitor: monitor, period: .day, start: Date(epochMilliseconds: (20_000 + offset) * dayMs), checks: checks,
               up: up, down: checks - up, totalMsSum: Double(checks) * 10)
    }

    @Test func aGridPutsRowsInTheirSlotsInAnyOrder() {
        var grid = RollupGrid(period: .day, count: 3, now: Self.now)
        #expect(grid.from == Date(epochMilliseconds: 19_998 * Self.dayMs))
        grid.add([Self.day(0, "b", checks: 4, up: 4), Self.day(-2, "a", checks: 2, up: 1), Self.day(-1, "b", checks: 3, up: 3),
                  Self.day(-3, "a", checks: 9, up: 9), Self.day(1, "a", checks: 9, up: 9),  // outside the span
                  Rollup(monitor: "a", period: .hour, start: Self.now, checks: 9, up: 9, down: 0, totalMsSum: 0),
                  Self.day(0, "a", checks: 5, up: 5)])
        #expect(grid.cells("a").map(\.checks) == [2, 0, 5])
        #expect(grid.cells("b").map(\.checks) == [0, 3, 4])
        #expect(grid.cells("c").map(\.checks) == [0, 0, 0])
        #expect(grid.total("a") == RollupGrid.Cell(checks: 7, up: 6, totalMsSum: 70))
        #expect(grid.cells("b")[2].meanMs == 10 && grid.cells("b")[0].meanMs == nil)
    }

    @Test func settledBucketsAreKeptAndTheLastTwoReadEachTime() async throws {
        let directory = NSTemporaryDirectory() + "tm-history-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: directory + "/history.db")
        try await store.migrate()
        let monitor = try await store.upsertMonitor(name: "api", endpoint: "http://a.test/", interval: .seconds(60),
                                                    now: Self.now)
        try await store.addToRollups([Self.day(-4, monitor.id, checks: 10, up: 10), Self.day(0, monitor.id, checks: 1, up: 1)])
        let history = RollupHistory()
        let first = try await history.grid(.day, count: 5, now: Self.now, store: store)
        #expect(first.cells(monitor.id).map(\.checks) == [10, 0, 0, 0, 1])

        // A late change to a settled day is not read again until the window moves or the copy is old; the last two
        // days are read every time.
        try await store.addToRollups([Self.day(-3, monitor.id, checks: 7, up: 7), Self.day(-1, monitor.id, checks: 2, up: 2),
                                      Self.day(0, monitor.id, checks: 1, up: 0)])
        let again = try await history.grid(.day, count: 5, now: Self.now.addingTimeInterval(60), store: store)
        #expect(again.cells(monitor.id).map(\.checks) == [10, 0, 0, 2, 2])
        let fresh = try await RollupGrid.read(.day, count: 5, now: Self.now, from: store)
        #expect(fresh.cells(monitor.id).map(\.checks) == [10, 7, 0, 2, 2])
        let old = try await history.grid(.day, count: 5, now: Self.now.addingTimeInterval(history.maxAge + 1), store: store)
        #expect(old.cells(monitor.id).map(\.checks) == [10, 7, 0, 2, 2], "read afresh once the copy is old")
        let nextDay = try await RollupHistory().grid(.day, count: 5, now: Self.now.addingTimeInterval(86_400), store: store)
        #expect(nextDay.cells(monitor.id).map(\.checks) == [7, 0, 2, 2, 0])
        try await store.close()
    }
}
