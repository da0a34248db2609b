import struct Foundation.URLComponents

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

    /// Whether server replicas share their job queue through the store: on PostgreSQL, the shared database of
    /// several replicas; a SQLite file has one process checking at a time (others stand by).
    public var sharesJobQueue: Bool {
        if case .postgres = backend { return true }
        return false
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

    /// The URL's shape is checked here, as the PostgreSQL store reads it (`PostgresEndpoint`): scheme, host
    /// or socket directory, port, one database name, and only the parameters the store understands. Whether
    /// the server answers is found when `serve` connects. The URL is not repeated in a message: it often
    /// carries a password.
    static func parsePostgresURL(_ text: String) throws(ConfigValueError) -> String {
        func invalid(_ reason: String) -> ConfigValueError { ConfigValueError("invalid PostgreSQL URL: \(reason)") }
        guard let schemeEnd = text.range(of: "://"),
              ["postgres", "postgresql"].contains(text[..<schemeEnd.lowerBound].lowercased()) else {
            throw invalid("expected postgres://user@host/database")
        }
        guard let url = URLComponents(string: text) else {
            throw invalid("not a valid URL (a port that is not a number, a space, an unescaped character?)")
        }
        // No user: the store connects as the OS user running it, as libpq does.
        if let port = url.port, !(1...65_535).contains(port) { throw invalid("port \(port) is not 1 to 65535") }
        guard !url.path.dropFirst().contains("/") else { throw invalid("the path must be one database name") }
        var socketDirectory = false
        for item in url.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode" where !postgresTLSModes.contains(value):
                throw invalid("sslmode \(value) is not one of \(postgresTLSModes.joined(separator: ", "))")
            case "sslrootcert" where value.isEmpty: throw invalid("sslrootcert needs a file")
            case "connect_timeout" where (Int(value) ?? 0) <= 0:
                throw invalid("connect_timeout must be a positive number of seconds")
            case "host" where !value.hasPrefix("/"): throw invalid("host= takes a socket directory (/path)")
            case "host": socketDirectory = true
            case "sslmode", "sslrootcert", "connect_timeout": break
            default: throw invalid("unknown parameter \(item.name) (known: sslmode, sslrootcert, connect_timeout, host)")
            }
        }
        guard socketDirectory || !(url.host ?? "").isEmpty else { throw invalid("missing host") }
        return text
    }

    /// libpq's `sslmode`s that the PostgreSQL store supports.
    static let postgresTLSModes = ["disable", "prefer", "require", "verify-ca", "verify-full"]
}
