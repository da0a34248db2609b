import Testing
import TrustMonitorStore

extension StoreConformance {
    /// One replica lock holder per database: a second waits until the first releases it.
    func replicaLockIsExclusive() async throws {
        actor Flag {
            var isSet = false
            func set() { isSet = true }
        }
        try await withDatabase { database in
            let first = try await database.open()
            let second = try await database.open()
            defer { Task { try? await first.close(); try? await second.close() } }
            try await first.migrate()
            let held = first.replicaLock()
            try await held.acquire(retry: .milliseconds(50))
            let waiting = second.replicaLock()
            let acquired = Flag()
            let taken = Task {
                try await waiting.acquire(retry: .milliseconds(50))
                await acquired.set()
            }
            try await Task.sleep(for: .milliseconds(600))
            #expect(await !acquired.isSet, "the second replica took a lock the first holds")
            await held.release()
            try await taken.value
            #expect(await acquired.isSet)
            await waiting.release()
        }
    }
}
