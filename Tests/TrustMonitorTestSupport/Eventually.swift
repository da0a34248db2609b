/// Polls `condition` until it holds or `limit` passes; returns whether it held. A thrown error counts as
/// "not yet". For end-to-end tests that wait on another process or service: they never assert timing.
func eventually(within limit: Duration = .seconds(20), pollEvery interval: Duration = .milliseconds(50),
                _ condition: () async throws -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + limit
    while clock.now < end {
        if (try? await condition()) == true { return true }
        try? await Task.sleep(for: interval)
    }
    return (try? await condition()) == true
}
