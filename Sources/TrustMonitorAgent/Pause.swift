import ServiceLifecycle

/// Sleeps for `duration` unless the agent is stopping: false when graceful shutdown or cancellation cut
/// the wait short, so every loop's waits end at SIGTERM instead of running out their time.
func pause(for duration: Duration) async -> Bool {
    do {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
        return !Task.isShuttingDownGracefully
    } catch {
        return false
    }
}

/// Runs one call to the server that graceful shutdown cancels: a long poll or a connect to a silent host
/// would otherwise hold SIGTERM for its whole timeout.
func unlessStopping<T: Sendable>(
    _ call: @Sendable @escaping () async throws -> T
) async throws(AgentCallError) -> T {
    do {
        return try await cancelWhenGracefulShutdown { try await call() }
    } catch let error as AgentCallError {
        throw error
    } catch {
        throw .cancelled
    }
}
