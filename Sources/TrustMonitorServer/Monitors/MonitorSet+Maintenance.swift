import Foundation
import TrustMonitorConfig
public import TrustMonitorCore
public import TrustMonitorStore

/// Maintenance windows through the API; the file's own are listed with ids of their own and cannot be deleted here.
extension MonitorSet {
    /// `cfg_` and the name: the id a window of the file is listed (and refused) by.
    public static func configuredWindowID(_ window: MaintenanceWindow) -> String { "cfg_" + window.name }

    /// Keeps a window from its config-form JSON; the monitors it names must exist (the file's or the API's).
    public func addWindow(json: String, by: String) async throws -> StoredMaintenanceWindow {
        let inUse = try await store.monitors().filter { !$0.retired }.map(\.name)
        let known = inUse + configuration.monitors.map(\.name).filter { !inUse.contains($0) }
        let window: MaintenanceWindow
        do {
            window = try MaintenanceWindow.parse(json: json, knownMonitors: known)
        } catch {
            throw MonitorChangeRefusal.invalid(error)
        }
        let stored = try await store.addMaintenanceWindow(window, by: by, now: Date())
        await apiChanged()
        return stored
    }

    public func deleteWindow(_ id: String) async throws {
        if configuration.maintenance.contains(where: { Self.configuredWindowID($0) == id }) {
            throw MonitorChangeRefusal.configOwned(id)
        }
        guard try await store.deleteMaintenanceWindow(id: id) else { throw MonitorChangeRefusal.unknown(id) }
        await apiChanged()
    }
}
