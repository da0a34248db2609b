public import struct Foundation.Date

/// Comments on incidents.
extension SQLiteStore {
    public func addIncidentComment(incident: String, by: String, text: String, at: Date) async throws
        -> IncidentComment
    {
        let comment = IncidentComment(id: CommentID.make(), incident: incident, by: by,
                                      at: Date(epochMilliseconds: at.epochMilliseconds), text: text)
        try await write { db in
            guard try db.queryFirst(CommentSQL.incident, [.text(incident)], { _ in true }) != nil else {
                throw StoreError.unknownIncident(id: incident)
            }
            try db.execute(CommentSQL.insert,
                           [.text(comment.id), .text(incident), .text(by), .text(text), .date(comment.at)])
        }
        return comment
    }

    public func incidentComments(incident: String) async throws -> [IncidentComment] {
        try await read { db in
            try db.query(CommentSQL.ofIncident, [.text(incident)]) { row in
                IncidentComment(id: try row.text(0), incident: incident, by: try row.text(1), at: try row.date(3),
                                text: try row.text(2))
            }
        }
    }
}

private enum CommentSQL {
    static let incident = "SELECT 1 FROM incidents WHERE id = ?"
    static let insert = """
        INSERT INTO incident_comments (id, incident_id, author, message, created_ms) VALUES (?, ?, ?, ?, ?)
        """
    /// In the order they were written, as a conversation reads.
    static let ofIncident = """
        SELECT id, author, message, created_ms FROM incident_comments WHERE incident_id = ? ORDER BY seq
        """
}
