import Foundation
import TrustMonitorCore
import TrustMonitorStore

/// The history `bench pages` serves: monitors with months of rollups as the engine leaves them (one primary check a
/// minute, counted in its hour and its day), a few recent checks each, open and resolved incidents, and probes.
struct BenchPagesSeed {
    let monitors: Int
    let days: Int
    let now: Date

    /// What was made, for the pages to ask for.
    struct Seeded {
        var monitorIDs: [String]
        var incidentIDs: [String]
        var rollups: Int
    }

    func run(_ store: any Store) async throws -> Seeded {
        var ids: [String] = []
        for index in 0..<monitors {
            let record = try await store.upsertMonitor(name: Self.name(index), endpoint: "https://service-\(index).example/health",
                                                       interval: .seconds(60), now: now)
            ids.append(record.id)
            if let state = Self.state(index) { try await store.setMonitorState(id: record.id, state: state, since: now) }
        }
        var rollups = 0
        // A few monitors at a time: each call is one transaction of a few tens of thousands of rows.
        for chunk in stride(from: 0, to: ids.count, by: 25) {
            let batch = ids[chunk..<min(chunk + 25, ids.count)].enumerated().flatMap { offset, id in
                Self.state(chunk + offset) == nil ? [] : history(id, index: chunk + offset)
            }
            try await store.addToRollups(batch)
            rollups += batch.count
        }
        // A month of history written at once, where the engine writes it a check at a time while the database keeps
        // its statistics current: the pages are measured as they would be on that month-old database.
        try await store.settleAfterImport()
        for (index, id) in ids.enumerated() where Self.state(index) != nil {
            for minute in 1...3 {
                let at = now.addingTimeInterval(-Double(minute) * 60)
                try await store.recordObservation(ObservationRecord(
                    monitor: id, probe: "local", role: .primary,
                    observation: Self.observation(at: at, up: Self.state(index) != .down, index: index)))
            }
        }
        var incidents: [String] = []
        for (index, id) in ids.enumerated() where index % 25 == 0 {
            let opened = now.addingTimeInterval(-Double(index % 7 + 1) * 3600)
            let failing = Self.observation(at: opened, up: false, index: index)
            let incident = try await store.openIncident(Incident(
                id: "inc_bench_\(index)", monitor: id, monitorName: Self.name(index), endpoint: failing.target,
                openedAt: opened, failure: Failure(.http5xx, "HTTP 503"),
                verifications: [ProbeVerdict(probe: "local", role: .primary, independence: "scheduled check", observation: failing),
                                ProbeVerdict(probe: "eu-1", role: .verification, independence: "another region", observation: failing,
                                             region: "eu")]), alerts: [])
            incidents.append(incident.id)
            guard Self.state(index) != .down else { continue }  // the down ones stay open
            let back = Self.observation(at: opened.addingTimeInterval(600), up: true, index: index)
            try await store.resolveIncident(id: incident.id, at: back.startedAt, recoveries: [
                ProbeVerdict(probe: "local", role: .primary, independence: "scheduled check", observation: back),
            ], alerts: [])
        }
        for (name, region) in [("eu-1", "eu"), ("us-1", "us"), ("ap-1", "ap")] {
            // Nobody uses these probes' tokens: the hash only has to be unique.
            let probe = try await store.addProbe(name: name, region: region, tokenHash: "bench-\(name)-\(UUID().uuidString)",
                                                 now: now)
            try await store.recordHeartbeat(id: probe.id, at: now, canaryFailure: region == "ap" ? "canary unreachable" : nil)
        }
        return Seeded(monitorIDs: ids, incidentIDs: incidents, rollups: rollups)
    }

    /// A month of hours and days for one monitor: 60 checks an hour, a few failing hours for some monitors, and
    /// a response time of its own (50 to 250 ms).
    func history(_ id: String, index: Int) -> [Rollup] {
        let hourMs: Int64 = 3_600_000, dayMs: Int64 = 86_400_000
        let nowMs = now.epochMilliseconds
        let firstDay = nowMs - nowMs % dayMs - Int64(days - 1) * dayMs
        let meanMs = Double(50 + index % 200)
        var hours: [Rollup] = [], daily: [Rollup] = []
        for day in 0..<days {
            var total = Rollup(monitor: id, period: .day, start: Date(epochMilliseconds: firstDay + Int64(day) * dayMs),
                               checks: 0, up: 0, down: 0, totalMsSum: 0)
            for hour in 0..<24 {
                let startMs = firstDay + Int64(day) * dayMs + Int64(hour) * hourMs
                guard startMs <= nowMs else { break }
                let down = (index + day * 24 + hour) % 97 == 0 ? 3 : 0
                let rollup = Rollup(monitor: id, period: .hour, start: Date(epochMilliseconds: startMs), checks: 60,
                                    up: 60 - down, down: down, totalMsSum: 60 * meanMs)
                hours.append(rollup)
                total.checks += rollup.checks
                total.up += rollup.up
                total.down += rollup.down
                total.totalMsSum += rollup.totalMsSum
            }
            daily.append(total)
        }
        return hours + daily
    }

    static func name(_ index: Int) -> String { "service-\(String(repeating: "0", count: max(0, 4 - String(index).count)))\(index)" }

    /// Most monitors are up; a few of every other state, so every count on the dashboard is non-zero.
    static func state(_ index: Int) -> MonitorState? {
        if index % 50 == 0 { return .down }
        if index % 37 == 0 { return .suspect }
        if index % 41 == 0 { return .paused }
        if index % 97 == 0 { return nil }  // never checked: stays pending
        return .up
    }

    static func observation(at: Date, up: Bool, index: Int) -> Observation {
        let url = "https://service-\(index).example/health"
        let phases = Phases(dns: 1.5, connect: 4.25, tls: 12.5, ttfb: Double(30 + index % 150), transfer: 1.25,
                            total: Double(50 + index % 200))
        let attempt = Attempt(number: 1, startedAt: at, url: url, status: up ? 200 : 503,
                              failure: up ? nil : Failure(.http5xx, "HTTP 503"), phases: phases,
                              conditions: [ConditionResult(condition: "[STATUS] == 200", success: up,
                                                           actual: up ? "200" : "503", expected: "200")])
        return Observation(target: url, method: "GET", startedAt: at, finishedAt: at.addingTimeInterval(0.2),
                           attempts: [attempt], retryStop: up ? nil : "attempts used up")
    }
}
