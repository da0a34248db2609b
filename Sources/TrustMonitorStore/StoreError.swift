/// Why a store call failed: broken infrastructure or a caller's mistake, never a monitored target's failure.
///
/// These are not retried as if transient (STYLE: throwing is for programmer errors and broken infrastructure);
/// the message names what failed so an operator can act on the log line alone.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// SQLite refused a statement: its (extended) result code, its message, and the statement's SQL.
    case sqlite(code: Int32, message: String, statement: String)
    /// A stored value cannot be read back (unknown enum value, unparsable JSON, missing column).
    case corrupt(String)
    /// A value handed to the store cannot be stored as it is (a body that does not encode, a wrong state).
    case invalid(String)
    /// The database has migrations this build does not know: it was written by a newer TrustMonitor.
    case schemaTooNew(applied: Int, known: Int)
    case unknownMonitor(id: String)
    case unknownIncident(id: String)
    case unknownProbe(id: String)
    /// An API write to a monitor the configuration file defines: it is changed there, and reloaded.
    case configOwned(id: String)
    /// The write would break a uniqueness the caller must respect (a probe name taken, a key already bound).
    case conflict(String)
    /// The store was closed; no further calls are possible.
    case closed

    public var description: String {
        switch self {
        case let .sqlite(code, message, statement):
            return "SQLite error \(code): \(message) (in: \(statement))"
        case let .corrupt(reason):
            return "stored data cannot be read: \(reason)"
        case let .invalid(reason):
            return "cannot store: \(reason)"
        case let .schemaTooNew(applied, known):
            return "database schema version \(applied) is newer than this build knows (\(known)); upgrade TrustMonitor"
        case let .unknownMonitor(id):
            return "no monitor with id \(id)"
        case let .unknownIncident(id):
            return "no incident with id \(id)"
        case let .unknownProbe(id):
            return "no probe with id \(id)"
        case let .configOwned(id):
            return "monitor \(id) is defined in the configuration file"
        case let .conflict(reason):
            return reason
        case .closed:
            return "the store is closed"
        }
    }
}
