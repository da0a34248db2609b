public import TrustMonitorCore

/// A maintenance window sent to the API as JSON.
extension MaintenanceWindow {
    /// Reads `json` as one item of a file's `maintenance:`, by the same rules and with the same messages, its
    /// problems' paths relative to the body (`start`, `monitors[0]`); `${VAR}` is not expanded.
    /// - Parameter knownMonitors: the monitors it may name (the file checks its own list the same way).
    public static func parse(json: String, knownMonitors: [String]) throws(ConfigErrors) -> MaintenanceWindow {
        try ConfigReader.readBody(json, what: "a maintenance window") { root, reader in
            let reading = read(root, path: "", reader: reader)
            NameReference.reportUnknown(reading.monitors, defined: ConfigReader.defined(knownMonitors),
                                        kind: "monitor", reader: reader)
            return reading.window
        }
    }
}
