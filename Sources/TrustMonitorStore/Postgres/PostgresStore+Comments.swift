public import struct Foundation.Date
import PostgresNIO

/// Comments on incidents.
extension PostgresStore {
    /// One statement: the comment is kept only if its incident exists.
    public func addIncidentComment(incident: String, by: String, text: String, at: Date) async throws
        -> IncidentComment
    {
        let comment = IncidentComment(id: CommentID.make(), incident: incident, by: by,
                                      at: Date(epochMilliseconds: at.epochMilliseconds), text: text)
        let kept = try await write { session in
            try await session.rows("""
                INSERT INTO incident_comments (id, incident_id, author, message, created_ms)
                SELECT \(comment.id), id, \(by), \(text), \(comment.at.epochMilliseconds) FROM incidents
                WHERE id = \(incident)
                RETURNING id
                """) { try $0.decode(String.self) }
        }
        guard !kept.isEmpty else { throw StoreError.unknownIncident(id: incident) }
        return comment
    }

    public func incidentComments(incident: String) async throws -> [IncidentComment] {
        try await read { session in
            try await session.rows("""
                SELECT id, author, message, created_ms FROM incident_comments
                WHERE incident_id = \(incident) ORDER BY seq
                """) { row in
                let (id, by, text, at) = try row.decode((String, String, String, Int64).self)
                return IncidentComment(id: id, incident: incident, by: by, at: Date(epochMilliseconds: at), text: text)
            }
        }
    }
}
