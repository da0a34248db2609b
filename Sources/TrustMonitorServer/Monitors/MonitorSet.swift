import Foundation
public import Logging
public import TrustMonitorConfig
import TrustMonitorCore
public import TrustMonitorEngine
public import TrustMonitorStore

/// The monitors and maintenance windows the engine runs: the configuration file's and the API's, as one set.
///
/// The file's part changes when it is loaded or reloaded; the API's whenever a change is stored (each counted in
/// `Store.apiChangeStamp`). The active replica applies the whole set to its engine whenever either part changes:
/// at once for an API change it took itself, within a poll (`MonitorSetPoller`) for one a standby took. A standby
/// only stores. Either part changing never disturbs the other: the engine keeps every monitor that stays.
///
/// A name both claim is the file's: loading a file that names an API monitor takes that monitor over, history
/// included, and drops the API's definition (`register` logs it); the API refuses names the file defines.
public actor MonitorSet {
    let store: any Store
    let engine: MonitorEngine
    let logger: Logger
    /// The configuration loaded last: its monitors as written, its windows, its alert channels.
    public private(set) var configuration: Configuration
    /// The file's monitors as registered in the store; nil until this replica is active.
    private var configured: [MonitorDefinition]?
    /// The API change count the engine's set reflects.
    private var appliedStamp: Int64?
    /// The apply in progress: applies run one after another, so an older set never lands after a newer one.
    private var applying: Task<Void, any Error>?

    public init(store: any Store, engine: MonitorEngine, configuration: Configuration,
                logger: Logger = Logger(label: "trustmonitor.monitors")) {
        self.store = store
        self.engine = engine
        self.configuration = configuration
        self.logger = logger
    }

    public var isActive: Bool { configured != nil }

    /// Makes this the active replica's set: the file's monitors (already registered) and the API's, applied.
    public func activate(configured definitions: [MonitorDefinition]) async throws {
        configured = definitions
        try await apply()
    }

    /// A reloaded configuration whose monitors are registered: applied with the API's monitors, untouched.
    public func reload(_ configuration: Configuration, configured definitions: [MonitorDefinition]) async throws {
        self.configuration = configuration
        if configured != nil { configured = definitions }
        try await apply()
    }

    /// An API change was stored: the active replica applies it before answering. Should that fail (the store
    /// gone a moment), the change is kept and the next poll applies it.
    func apiChanged() async {
        do {
            try await apply()
        } catch {
            logger.error("API change stored but not yet applied; retried at the next poll",
                         metadata: ["error": "\(error)"])
        }
    }

    /// Applies the set when the API change count moved since the engine's set was applied: a change a standby took.
    public func applyIfChanged() async throws {
        guard configured != nil else { return }
        if try await store.apiChangeStamp() != appliedStamp { try await apply() }
    }

    private func apply() async throws {
        guard configured != nil else { return }
        let previous = applying
        let next = Task {
            _ = await previous?.result
            try await applyNow()
        }
        applying = next
        try await next.value
    }

    /// Reads the API's part (the stamp first: a change after it is seen by the next poll) and gives the engine
    /// the whole set and every window.
    private func applyNow() async throws {
        guard let configured else { return }
        let stamp = try await store.apiChangeStamp()
        let apiMonitors = try await store.apiMonitors()
        let windows = try await store.maintenanceWindows()
        let fileNames = Set(configured.map(\.name))
        var definitions = configured
        for monitor in apiMonitors where !fileNames.contains(monitor.record.name) {
            do {
                let parsed = try MonitorConfig.parse(json: monitor.definition, knownChannels: nil)
                definitions.append(MonitorDefinition(parsed, id: monitor.record.id, paused: monitor.record.paused))
            } catch {
                // Valid when stored; a `ca_file` removed since can make it invalid. It is kept, not retired.
                logger.error("API monitor not checked: its stored definition no longer reads",
                             metadata: ["monitor": "\(monitor.record.name)", "problems": "\(error)"])
            }
        }
        await engine.setAlertSettings(AlertSettings(maintenance: configuration.maintenance + windows.map(\.window),
                                                    publicURL: configuration.server.publicURL))
        try await engine.apply(definitions)
        appliedStamp = stamp
    }
}
