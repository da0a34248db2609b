import PostgresNIO
public import TrustMonitorCore

extension PostgresStore {
    public func recordSuppressed(_ episode: SuppressedEpisode) async throws {
        let body = try StoreJSON.encode(episode)
        try await write { session in
            try await session.execute("""
                INSERT INTO suppressed_episodes (id, monitor_id, started_at, body)
                VALUES (\(episode.id), \(episode.monitor), \(episode.startedAt.epochMilliseconds), \(body))
                """)
        }
    }

    public func suppressedEpisodes(monitor: String?, limit: Int) async throws -> [SuppressedEpisode] {
        guard limit > 0 else { return [] }
        let query: PostgresQuery = if let monitor {
            """
            SELECT id, body FROM suppressed_episodes WHERE monitor_id = \(monitor)
            ORDER BY started_at DESC, id DESC LIMIT \(Int64(limit))
            """
        } else {
            "SELECT id, body FROM suppressed_episodes ORDER BY started_at DESC, id DESC LIMIT \(Int64(limit))"
        }
        return try await read { session in
            try await session.rows(query) { row in
                let (id, body) = try row.decode((String, String).self)
                return try StoreJSON.decode(SuppressedEpisode.self, text: body, what: "suppressed episode \(id)")
            }
        }
    }
}
