public import struct Foundation.Date

/// A note a person left on an incident (what they found, what they did), kept with it for the record.
public struct IncidentComment: Sendable, Equatable {
    /// `cmt_` and 12 hex digits.
    public var id: String
    public var incident: String
    /// The API token's name that wrote it.
    public var by: String
    public var at: Date
    public var text: String

    public init(id: String, incident: String, by: String, at: Date, text: String) {
        self.id = id
        self.incident = incident
        self.by = by
        self.at = at
        self.text = text
    }
}

enum CommentID {
    static func make() -> String { "cmt_" + MonitorID.make().dropFirst(4) }
}
