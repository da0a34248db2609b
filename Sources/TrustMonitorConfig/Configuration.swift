import Foundation
public import TrustMonitorCore

/// The whole configuration file, parsed once into typed values at the edge; nothing past this sees YAML.
///
/// Reading collects every problem in the file before failing, so `trustmonitor validate` and a failed
/// `serve` show them all at once, each with its line and key path.
public struct Configuration: Sendable {
    public var server: ServerSettings
    public var storage: StorageSettings
    public var monitors: [MonitorConfig]
    public var alerts: [AlertChannelConfig]
    /// When alerts are held (`maintenance:`).
    public var maintenance: [MaintenanceWindow]
    /// The public status page (`status_page:`).
    public var statusPage: StatusPageSettings

    public init(server: ServerSettings = ServerSettings(), storage: StorageSettings? = nil,
                monitors: [MonitorConfig] = [], alerts: [AlertChannelConfig] = [],
                maintenance: [MaintenanceWindow] = [], statusPage: StatusPageSettings = StatusPageSettings()) {
        self.server = server
        self.storage = storage ?? .defaultSQLite(dataDir: server.dataDir)
        self.monitors = monitors
        self.alerts = alerts
        self.maintenance = maintenance
        self.statusPage = statusPage
    }

    /// Reads and parses the file at `path`; a file that cannot be read is one problem without a line.
    /// - Parameter environment: for `${VAR}`; the process's own, `ProcessInfo.processInfo.environment`,
    ///   in the server and CLI.
    public static func load(path: String, environment: [String: String]) throws(ConfigErrors) -> Configuration {
        func unreadable(_ reason: String) -> ConfigErrors {
            ConfigErrors(problems: [ConfigProblem(file: path, line: 0, column: 0, path: "",
                                                  message: "cannot read the configuration file: \(reason)")])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw unreadable("no such file")
        }
        guard !isDirectory.boolValue else { throw unreadable("it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw unreadable("permission denied")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw unreadable("it is not UTF-8 text") }
        return try parse(yaml: text, file: path, environment: environment)
    }

    /// Parses configuration text; `file` is only used to name it in problems.
    public static func parse(yaml: String, file: String,
                             environment: [String: String]) throws(ConfigErrors) -> Configuration {
        let reader = ConfigReader(file: file, source: yaml, environment: environment)
        let configuration = ConfigDocument.read(yaml, reader: reader)
        guard reader.problems.isEmpty, let configuration else {
            throw ConfigErrors(problems: reader.sortedProblems)
        }
        return configuration
    }
}
