public import TrustMonitorConfig

/// Why a change through the API (to a monitor or a maintenance window) was refused, nothing stored: the caller's
/// to fix, each answered with a 4xx by the API (and a message by the dashboard).
public enum MonitorChangeRefusal: Error, Sendable {
    /// The body does not read as a config item; every problem, its path relative to the body.
    case invalid(ConfigErrors)
    /// No such monitor (by id or name) in use, or no such window.
    case unknown(String)
    /// The configuration file defines it: it is changed there, and reloaded.
    case configOwned(String)
    /// Another monitor has the name.
    case nameTaken(String)
}
