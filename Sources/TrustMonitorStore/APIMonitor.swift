/// What the API writes for a monitor it owns: what listings and the scheduler read (name, endpoint, interval)
/// and the definition as received and validated (config-form JSON), from which every replica builds the check.
public struct APIMonitorDraft: Sendable, Equatable {
    public var name: String
    public var endpoint: String
    public var interval: Duration
    /// The request body, exactly as received: it is what `GET` shows back (headers redacted).
    public var definition: String
    /// Nil keeps the monitor's current flag (a `PUT` that does not say), false for a new monitor.
    public var paused: Bool?

    public init(name: String, endpoint: String, interval: Duration, definition: String, paused: Bool? = nil) {
        self.name = name
        self.endpoint = endpoint
        self.interval = interval
        self.definition = definition
        self.paused = paused
    }
}

/// An API-owned monitor in use, with its definition.
public struct APIMonitor: Sendable, Equatable {
    public var record: MonitorRecord
    public var definition: String

    public init(record: MonitorRecord, definition: String) {
        self.record = record
        self.definition = definition
    }
}

/// The rule every API write to a monitor follows, on every backend: only a monitor in use that the API owns.
enum APIMonitorRule {
    /// - Parameter row: the monitor's owner and whether it is retired; nil when there is no such monitor.
    static func check(_ row: (source: MonitorSource, retired: Bool)?, id: String) throws {
        guard let row, !row.retired else { throw StoreError.unknownMonitor(id: id) }
        guard row.source == .api else { throw StoreError.configOwned(id: id) }
    }

    static func nameTaken(_ name: String) -> StoreError {
        .conflict("a monitor named '\(name)' exists already")
    }
}
