import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// A session advisory lock held on a connection of its own (never the pool's, which may recycle it): the
/// replica holding it is active until it releases it or its session ends, which PostgreSQL notices when the
/// process dies or its network goes.
final class PostgresReplicaLock: ReplicaLock {
    static let key: Int64 = 0x544D_5F41_4354_4956  // "TM_ACTIV"

    let endpoint: PostgresEndpoint
    let logger: Logger
    private let held = NIOLockedValueBox<PostgresConnection?>(nil)

    init(endpoint: PostgresEndpoint, logger: Logger) {
        self.endpoint = endpoint
        self.logger = logger
    }

    func acquire(retry: Duration) async throws {
        var nextID = 1000
        while true {
            try Task.checkCancellation()
            nextID += 1
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: try endpoint.connectionConfiguration(), id: nextID, logger: logger)
                if try await Self.tryLock(connection) {
                    held.withLockedValue { $0 = connection }
                    return
                }
                try? await connection.close()
            } catch let error as CancellationError {
                throw error
            } catch {
                logger.warning("replica lock: cannot reach PostgreSQL", metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: retry)
        }
    }

    private static func tryLock(_ connection: PostgresConnection) async throws -> Bool {
        var locked = false
        for try await row in try await connection.query("SELECT pg_try_advisory_lock(\(key))", logger: Logger(label: "lock")) {
            locked = try row.decode(Bool.self)
        }
        return locked
    }

    /// Asks the lock's own session every 2 s whether it is alive; returns when it is not.
    func watch() async throws {
        guard let connection = held.withLockedValue({ $0 }) else { return }
        while true {
            try await Task.sleep(for: .seconds(2))
            do {
                for try await _ in try await connection.query("SELECT 1", logger: logger) {}
            } catch let error as CancellationError {
                throw error
            } catch {
                logger.error("replica lock: its session is gone; no longer the active replica",
                             metadata: ["error": "\(error)"])
                return
            }
        }
    }

    func release() async {
        guard let connection = held.withLockedValue({ held in defer { held = nil }; return held }) else { return }
        try? await connection.close()
    }
}

extension PostgresStore {
    public func replicaLock() -> any ReplicaLock { PostgresReplicaLock(endpoint: endpoint, logger: logger) }
}
