public import TrustMonitorStore

/// Runs `body` with `store` and closes the store afterwards, even when `body` throws: a test that fails must not
/// leave its connections (or its file lock) behind for the next one.
public func withClosing<S: Store, T>(_ store: S, _ body: (S) async throws -> T) async throws -> T {
    do {
        let result = try await body(store)
        try await store.close()
        return result
    } catch {
        try? await store.close()
        throw error
    }
}
