import Foundation
public import TrustMonitorConfig
public import TrustMonitorStore

/// Monitors through the API: each change validated by the file's own rules, stored (with its count of API
/// changes), then applied here when this replica is active.
extension MonitorSet {
    /// Creates a monitor from its config-form JSON.
    public func create(json: String) async throws -> MonitorRecord {
        let monitor = try read(json)
        let draft = APIMonitorDraft(name: monitor.name, endpoint: monitor.request.target.description,
                                    interval: monitor.interval, definition: json, paused: monitor.paused)
        let record: MonitorRecord
        do {
            record = try await store.createAPIMonitor(draft, now: Date())
        } catch StoreError.conflict {
            throw MonitorChangeRefusal.nameTaken(monitor.name)
        }
        await apiChanged()
        return record
    }

    /// Replaces an API monitor's definition; its pause flag changes only when the body says `paused`.
    public func replace(_ idOrName: String, json: String) async throws -> MonitorRecord {
        let current = try await changeable(idOrName)
        let monitor = try read(json)
        let draft = APIMonitorDraft(name: monitor.name, endpoint: monitor.request.target.description,
                                    interval: monitor.interval, definition: json,
                                    paused: monitor.written?["paused"] == nil ? nil : monitor.paused)
        let record = try await storing(current, name: monitor.name) {
            try await store.updateAPIMonitor(id: current.id, draft, now: Date())
        }
        await apiChanged()
        return record
    }

    /// Retires an API monitor: its history stays, its definition goes, checking stops.
    public func delete(_ idOrName: String) async throws {
        let current = try await changeable(idOrName)
        try await storing(current) { try await store.deleteAPIMonitor(id: current.id, now: Date()) }
        await apiChanged()
    }

    public func setPaused(_ idOrName: String, _ paused: Bool) async throws -> MonitorRecord {
        let current = try await changeable(idOrName)
        let record = try await storing(current) {
            try await store.setAPIMonitorPaused(id: current.id, paused: paused, now: Date())
        }
        await apiChanged()
        return record
    }

    /// The monitor as written, headers redacted: an API monitor's stored body (its `paused` the current flag), a
    /// file monitor's item in the configuration this replica loaded (nil if it has none by that name).
    public func definition(of record: MonitorRecord) async throws -> ConfigValue? {
        switch record.source {
        case .config:
            return configuration.monitors.first { $0.name == record.name }?.written?.redactingHeaders()
        case .api:
            let stored = try await store.apiMonitors().first { $0.record.id == record.id }
            guard let written = stored.flatMap({ ConfigValue.read(json: $0.definition) }) else { return nil }
            let paused = written["paused"] != nil || record.paused
            return (paused ? written.setting("paused", to: .bool(record.paused)) : written).redactingHeaders()
        }
    }

    /// The body read by the file's rules, against the configuration's alert channels; a name the file defines is
    /// the file's even before it is registered.
    private func read(_ json: String) throws -> MonitorConfig {
        let monitor: MonitorConfig
        do {
            monitor = try MonitorConfig.parse(json: json, knownChannels: configuration.alerts.map(\.name))
        } catch {
            throw MonitorChangeRefusal.invalid(error)
        }
        if configuration.monitors.contains(where: { $0.name == monitor.name }) {
            throw MonitorChangeRefusal.nameTaken(monitor.name)
        }
        return monitor
    }

    /// The monitor in use by that id or name, if the API owns it.
    private func changeable(_ idOrName: String) async throws -> MonitorRecord {
        guard let record = try await store.monitor(idOrName: idOrName), !record.retired else {
            throw MonitorChangeRefusal.unknown(idOrName)
        }
        guard record.source == .api else { throw MonitorChangeRefusal.configOwned(record.name) }
        return record
    }

    /// The store's refusals (a file load or another replica got there first) as the API's.
    /// - Parameter name: the name the write gives the monitor.
    private func storing<T>(_ record: MonitorRecord, name: String? = nil, _ write: () async throws -> T) async throws
        -> T
    {
        do {
            return try await write()
        } catch StoreError.unknownMonitor {
            throw MonitorChangeRefusal.unknown(record.name)
        } catch StoreError.configOwned {
            throw MonitorChangeRefusal.configOwned(record.name)
        } catch StoreError.conflict {
            throw MonitorChangeRefusal.nameTaken(name ?? record.name)
        }
    }
}
