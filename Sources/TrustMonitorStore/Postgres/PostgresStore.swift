public import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// The `Store` in a PostgreSQL database, which several server processes can share.
///
/// A `PostgresClient` (postgres-nio's connection pool) does the I/O; its `run()` lives in a task the store owns
/// from `open` to `close()`. Every write is one transaction on one leased connection (`write`), every read one
/// statement (`read`), so each call is atomic as the protocol asks. What must not race between processes is
/// serialized by PostgreSQL itself: transaction-scoped advisory locks for migrations and ledger appends
/// (`PostgresLock`), row locks for an incident's monitor, and the unique indexes behind both.
///
/// Schema and values are those of the SQLite store: the same `Migration.all`, times as epoch milliseconds.
public final class PostgresStore: Store {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let closed = NIOLockedValueBox(false)
    let logger: Logger
    /// Where the database is, for connections outside the pool (the replica lock's).
    let endpoint: PostgresEndpoint

    /// Connections one store opens at most: enough for a busy engine and API, well under PostgreSQL's default
    /// of 100 even with several replicas.
    public static let defaultMaximumConnections = 20

    /// Connects to the database in `url` (`postgres://user[:password]@host[:port]/database[?sslmode=…]`) and
    /// starts the pool; run `migrate()` before other calls.
    ///
    /// Fails at once, with what went wrong, when the URL is unusable (`PostgresURLError`) or the server cannot
    /// be reached or refuses us (`PostgresStoreError`): one connection is opened first to find out.
    public static func open(url: String, maximumConnections: Int = defaultMaximumConnections,
                            logger: Logger = Logger(label: "trustmonitor.store.postgres")) async throws -> PostgresStore {
        try await open(try PostgresEndpoint(url: url), maximumConnections: maximumConnections, logger: logger)
    }

    static func open(_ endpoint: PostgresEndpoint, maximumConnections: Int = defaultMaximumConnections,
                     logger: Logger = Logger(label: "trustmonitor.store.postgres")) async throws -> PostgresStore {
        let configuration = try endpoint.clientConfiguration(maximumConnections: maximumConnections)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        // Started first, so the pool is running by the time the first call leases (after the check below).
        let runner = Task { await client.run() }
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try endpoint.connectionConfiguration(), id: 0, logger: logger)
            try? await connection.close()
        } catch {
            runner.cancel()
            await runner.value
            throw PostgresStoreError.unreachable(endpoint, error)
        }
        return PostgresStore(client: client, runner: runner, logger: logger, endpoint: endpoint)
    }

    private init(client: PostgresClient, runner: Task<Void, Never>, logger: Logger, endpoint: PostgresEndpoint) {
        self.client = client
        self.runner = runner
        self.logger = logger
        self.endpoint = endpoint
    }

    deinit { runner.cancel() }

    private var isClosed: Bool { closed.withLockedValue { $0 } }

    /// Stops the pool and closes its connections; later calls fail with `StoreError.closed`.
    public func close() async throws {
        let first = closed.withLockedValue { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        runner.cancel()
        await runner.value
    }

    /// Runs `body` in one transaction on one connection: all of its writes are committed, or on any error none.
    ///
    /// A `durable` write's commit is flushed to the server's disk before it returns, whatever the server's
    /// `synchronous_commit` (an `off` there is raised to `on` for this transaction); PostgreSQL writes its log
    /// in order, so every earlier commit is on disk too. Other writes follow the server's setting.
    ///
    /// Should the rollback itself fail, the connection is closed rather than handed back to the pool, where the
    /// next caller would find it inside our broken transaction.
    @discardableResult
    func write<T: Sendable>(durable: Bool = false, _ body: (PostgresSession) async throws -> T) async throws -> T {
        try await withSession { session in
            try await session.execute("BEGIN")
            do {
                if durable {
                    try await session.execute("""
                        SELECT set_config('synchronous_commit', 'on', true) WHERE current_setting('synchronous_commit') = 'off'
                        """)
                }
                let result = try await body(session)
                try await session.execute("COMMIT")
                return result
            } catch {
                do {
                    try await session.execute("ROLLBACK")
                } catch {
                    try? await session.connection.close()
                }
                throw error
            }
        }
    }

    /// Runs one read: a single statement, its own consistent snapshot.
    func read<T: Sendable>(_ body: (PostgresSession) async throws -> T) async throws -> T {
        try await withSession(body)
    }

    private func withSession<T: Sendable>(_ body: (PostgresSession) async throws -> T) async throws -> T {
        guard !isClosed else { throw StoreError.closed }
        var leased = false
        do {
            return try await client.withConnection { connection in
                leased = true
                return try await body(PostgresSession(connection: connection, logger: logger))
            }
        } catch let error as PSQLError {
            throw isClosed ? StoreError.closed : PostgresStoreError(error)
        } catch where !leased && !(error is CancellationError) {
            // The pool refuses leases once it is shut down, that is after `close()`; before, only when it has not
            // been able to connect for a while (its circuit breaker is open).
            if isClosed { throw StoreError.closed }
            throw PostgresStoreError(sqlState: nil, message: "no connection to PostgreSQL could be made (\(error))",
                                     statement: nil)
        }
    }
}

/// Transaction-scoped advisory lock keys: `pg_advisory_xact_lock(key)` makes every transaction that takes the
/// same key, in any process using the database, wait for the holder's commit or rollback.
enum PostgresLock {
    /// Held while migrating, so servers starting together apply each migration once.
    static let migrations: Int64 = 0x544D_5F4D_4947_5241  // "TM_MIGRA"
    /// Held from reading the ledger's size to commit, so appends get consecutive seqs with no gaps.
    static let ledger: Int64 = 0x544D_5F4C_4544_4745  // "TM_LEDGE"

    static func take(_ key: Int64, in session: PostgresSession) async throws {
        try await session.execute("SELECT pg_advisory_xact_lock(\(key))")
    }
}
