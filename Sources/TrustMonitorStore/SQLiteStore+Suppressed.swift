public import TrustMonitorCore

extension SQLiteStore {
    public func recordSuppressed(_ episode: SuppressedEpisode) async throws {
        let values: [SQLValue] = [
            .text(episode.id), .text(episode.monitor), .date(episode.startedAt), .text(try StoreJSON.encode(episode)),
        ]
        try await write { db in try db.execute(SQL.insert, values) }
    }

    public func suppressedEpisodes(monitor: String?, limit: Int) async throws -> [SuppressedEpisode] {
        guard limit > 0 else { return [] }
        let limitValue = SQLValue.integer(Int64(limit))
        let (sql, values) = monitor.map { (SQL.newestOfMonitor, [.text($0), limitValue]) } ?? (SQL.newest, [limitValue])
        return try await read { db in
            try db.query(sql, values) { row in
                try StoreJSON.decode(SuppressedEpisode.self, from: try row.data(1),
                                     what: "suppressed episode \(try row.text(0))")
            }
        }
    }
}

private enum SQL {
    static let insert = "INSERT INTO suppressed_episodes (id, monitor_id, started_at, body) VALUES (?, ?, ?, ?)"
    static let newest = "SELECT id, body FROM suppressed_episodes ORDER BY started_at DESC, id DESC LIMIT ?"
    static let newestOfMonitor = """
        SELECT id, body FROM suppressed_episodes WHERE monitor_id = ? ORDER BY started_at DESC, id DESC LIMIT ?
        """
}
