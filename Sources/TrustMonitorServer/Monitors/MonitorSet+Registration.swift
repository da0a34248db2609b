import Foundation
public import Logging
public import TrustMonitorConfig
public import TrustMonitorEngine
public import TrustMonitorStore

extension MonitorSet {
    /// Registers every monitor of the file by name (keeping ids and history) and returns the file's part of the set.
    /// A name the API uses is taken over by the file, with its history; the API's definition is dropped, and said.
    ///
    /// Several upserts in flight at once: each is a round trip, and thousands of monitors one at a time would hold
    /// up a start (or a takeover) for seconds.
    public static func register(_ configuration: Configuration, store: any Store,
                                logger: Logger = Logger(label: "trustmonitor.monitors")) async throws
        -> [MonitorDefinition]
    {
        let monitors = configuration.monitors
        let apiNames = Set(try await store.apiMonitors().map(\.record.name))
        for name in monitors.map(\.name) where apiNames.contains(name) {
            logger.warning("""
                the configuration file defines a monitor the API made: the file takes it over, with its history; \
                the API's definition is dropped
                """, metadata: ["monitor": "\(name)"])
        }
        var ids = [String?](repeating: nil, count: monitors.count)
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var next = 0
            func add() {
                let index = next, monitor = monitors[index]
                next += 1
                group.addTask {
                    let record = try await store.upsertMonitor(
                        name: monitor.name, endpoint: monitor.request.target.description, interval: monitor.interval,
                        now: Date())
                    return (index, record.id)
                }
            }
            while next < min(monitors.count, 8) { add() }
            while let (index, id) = try await group.next() {
                ids[index] = id
                if next < monitors.count { add() }
            }
        }
        return zip(monitors, ids).compactMap { monitor, id in id.map { MonitorDefinition(monitor, id: $0) } }
    }
}
