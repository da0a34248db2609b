/// Where monitors, observations and incidents are stored, and for how long raw observations are kept.
public struct StorageSettings: Sendable, Equatable {
    public enum Backend: Sendable, Equatable {
        /// A file on this machine: one process, no setup.
        case sqlite(path: String)
        /// A shared database: what several server replicas need.
        case postgres(url: String)
    }

    public var backend: Backend
    /// How long raw observations are kept; rollups, incidents and the ledger are kept for good.
    public var retention: Duration

    public static let defaultRetention = Duration.seconds(14 * 86_400)
    public static let sqliteFileName = "trustmonitor.db"

    public init(backend: Backend, retention: Duration = StorageSettings.defaultRetention) {
        self.backend = backend
        self.retention = retention
    }

    /// SQLite in the data directory: the default when `storage` does not name a backend.
    public static func defaultSQLite(dataDir: String) -> StorageSettings {
        let directory = dataDir.hasSuffix("/") ? String(dataDir.dropLast()) : dataDir
        return StorageSettings(backend: .sqlite(path: "\(directory)/\(sqliteFileName)"))
    }
}

extension StorageSettings {
    static let configKeys = ["sqlite", "postgres", "retention"]

    /// The settings, defaulting to SQLite in `dataDir` and 14 days; nil when a given key has a problem.
    static func read(from mapping: ConfigMapping?, dataDir: String) -> StorageSettings? {
        var settings = defaultSQLite(dataDir: dataDir)
        guard let mapping else { return settings }
        return mapping.reader.unlessProblems {
            if mapping.node("sqlite") != nil, mapping.node("postgres") != nil {
                mapping.report("both sqlite and postgres are given; choose one backend", key: "postgres")
            }
            if let path = mapping.value("sqlite", { try ServerSettings.nonEmptyPath($0) }) {
                settings.backend = .sqlite(path: path)
            }
            if let url = mapping.value("postgres", { try parsePostgresURL($0) }) {
                settings.backend = .postgres(url: url)
            }
            if let retention = mapping.duration("retention", positive: true) { settings.retention = retention }
            return settings
        }
    }

    /// Only the scheme and a host are checked here; the driver reports the rest when it connects. The URL
    /// is not repeated in the message: it often carries a password.
    static func parsePostgresURL(_ text: String) throws(ConfigValueError) -> String {
        guard let schemeEnd = text.range(of: "://"),
              ["postgres", "postgresql"].contains(text[..<schemeEnd.lowerBound].lowercased()) else {
            throw ConfigValueError("invalid PostgreSQL URL: expected postgres://user@host/database")
        }
        guard text[schemeEnd.upperBound...].contains(where: { $0 != "/" }) else {
            throw ConfigValueError("invalid PostgreSQL URL: missing host")
        }
        return text
    }
}
