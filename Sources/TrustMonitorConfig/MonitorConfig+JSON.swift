/// A monitor sent to the API as JSON.
extension MonitorConfig {
    /// Reads `json` as one item of a file's `monitors:`, by the same rules and with the same messages, its
    /// problems' paths relative to the body (`url`, `conditions[1]`).
    ///
    /// `${VAR}` is not expanded: a caller of the API must not be able to read the server's environment into a
    /// URL it controls. The result's `written` is the body as sent.
    /// - Parameter knownChannels: the alert channels the monitor may name; nil skips that check (a stored
    ///   monitor read back after the configuration's channels changed still runs, its alert to a channel gone
    ///   failing visibly in the outbox).
    public static func parse(json: String, knownChannels: [String]?) throws(ConfigErrors) -> MonitorConfig {
        try ConfigReader.readBody(json, what: "a monitor") { root, reader in
            // A path on the server's disk is the configuration's business: through the API it would let a write
            // token probe which of the server's files exist and are readable.
            var body = root
            if case .mapping(var mapping) = root, let key = mapping.keys.first(where: { $0.string == "ca_file" }) {
                reader.report("ca_file is not accepted through the API (it names a file on the server); define this "
                    + "monitor in the configuration file", path: "ca_file", at: key.position)
                mapping["ca_file"] = nil  // not opened, so the answer says nothing of the file either
                body = .mapping(mapping)
            }
            let reading = read(body, path: "", reader: reader)
            if let knownChannels {
                NameReference.reportUnknown(reading.alertReferences, defined: ConfigReader.defined(knownChannels),
                                            kind: "alert channel", reader: reader)
            }
            return reading.monitor
        }
    }
}
