import Foundation
@testable import TrustMonitorStore

/// Fresh SQLite files, each in its own temporary directory (the file, its -wal and -shm), removed afterwards.
enum SQLiteTestDatabase {
    static func make() throws -> TestDatabase {
        let (directory, path) = try makeDirectory()
        return TestDatabase(open: { try await SQLiteStore.open(path: path) },
                            destroy: { try FileManager.default.removeItem(at: directory) })
    }

    /// For SQLite-only checks that need the store's concrete type or the file: a migrated store, closed after.
    static func withStore<T>(_ body: (SQLiteStore, String) async throws -> T) async throws -> T {
        let (directory, path) = try makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await SQLiteStore.open(path: path)
        do {
            try await store.migrate()
            let result = try await body(store, path)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }

    private static func makeDirectory() throws -> (URL, String) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("trustmonitor-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (directory, directory.appendingPathComponent("trustmonitor.db").path)
    }
}
