/// The one lock that makes a server replica the active one: it schedules checks, decides incidents and
/// leases jobs to agents; the others stand by, serve the read API, and take over when the lock is free.
///
/// The database arbitrates, no consensus of our own: PostgreSQL's session advisory lock is released when
/// the holder's session ends (its process died or lost the network), and a file lock beside the SQLite file
/// when the holder's process ends.
public protocol ReplicaLock: Sendable {
    /// Waits, trying every `retry`, until this process holds the lock; cancellable.
    func acquire(retry: Duration) async throws
    /// Returns (or throws) only when a held lock can no longer be vouched for: its session is gone. The
    /// caller then stops acting as the active replica at once.
    func watch() async throws
    /// Gives the lock up (graceful shutdown), so a standby takes over without waiting.
    func release() async
}
