import ServiceLifecycle
import TrustMonitorStore

/// Whether this process is the active replica (it schedules, decides and leases to agents) or stands by.
actor ReplicaRole {
    private(set) var isActive = false
    func activate() { isActive = true }
}

/// Runs the server's deciding half only while this process holds the replica lock: waits for it (standing
/// by, API up), then loads the monitors and runs the scheduler, probes, reloads, retention and checkpoint
/// signing. Losing the lock (its database session gone) stops the process with an error: it fails stopped,
/// and a supervisor's restart brings it back as a standby, never as a second active replica.
struct ActiveReplicaService: Service {
    let lock: any ReplicaLock
    let role: ReplicaRole
    let output: any CommandOutput
    let becomeActive: @Sendable () async throws -> Void
    let services: [any Service]

    struct LockLost: Error, CustomStringConvertible {
        var description: String { "the replica lock was lost (database session gone); stopping so a standby takes over" }
    }

    func run() async throws {
        guard try await waitForLock() else { return }
        do {
            try await becomeActive()
            // Active once the monitors are loaded: a standby taking over says so when it can serve agents.
            await role.activate()
            output.err("trustmonitor: active replica: scheduling checks")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for service in services { group.addTask { try await service.run() } }
                group.addTask {
                    do {
                        try await cancelWhenGracefulShutdown { try await lock.watch() }
                    } catch is CancellationError {
                        return
                    }
                    if !Task.isShuttingDownGracefully { throw LockLost() }
                }
                // Every service ends on graceful shutdown; the first to throw ends them all.
                while try await group.next() != nil {}
            }
        } catch {
            await lock.release()
            throw error
        }
        await lock.release()
    }

    /// True once the lock is held; false when the server is stopped while standing by.
    private func waitForLock() async throws -> Bool {
        let standby = Task {
            try await Task.sleep(for: .milliseconds(500))
            output.err("trustmonitor: standing by: another replica is active; taking over when it stops")
        }
        defer { standby.cancel() }
        do {
            try await cancelWhenGracefulShutdown { try await lock.acquire(retry: .seconds(1)) }
            return true
        } catch is CancellationError {
            await lock.release()
            return false
        }
    }
}
