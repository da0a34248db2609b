import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import TrustMonitorLedger
import TrustMonitorServer
import TrustMonitorStore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `trustmonitor bench pages`: how long the server takes to make its pages for many monitors with months of
/// history, on SQLite (or an empty PostgreSQL database), each page asked for N times in a row.
struct BenchPagesCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "pages",
        abstract: "Seed monitors with months of rollups, serve the pages, and print each page's server-side p50/p99/max.",
        discussion: "Seeds a fresh SQLite file (or, with --postgres, an empty PostgreSQL database) with --monitors "
            + "monitors and --days days of hourly and daily rollups as the engine writes them (a check a minute), a few "
            + "recent checks each, open and resolved incidents and three probes; then serves /status, "
            + "/api/v1/monitors, /dashboard and the other dashboard pages and asks for each --requests times, one "
            + "request at a time. Server-side time runs from the request reaching the router to its response made; the "
            + "first request of each page (cold caches) is reported apart."
    )

    @Option(help: "How many monitors.")
    var monitors = 1000

    @Option(help: "Days of rollup history per monitor.")
    var days = 30

    @Option(help: "Requests per page (after 3 not counted, to warm up).")
    var requests = 50

    @Option(help: "The URL of an empty PostgreSQL database to use instead of a SQLite file.")
    var postgres: String?

    @Option(help: "A directory to make and keep the seeded SQLite file in, to look at afterwards (default: a temporary one).")
    var keep: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func execute(output: any CommandOutput) async -> ExitStatus {
        guard (1...100_000).contains(monitors), (1...400).contains(days), (1...100_000).contains(requests) else {
            output.err("error: --monitors must be 1 to 100000, --days 1 to 400 and --requests 1 to 100000")
            return .usage
        }
        let directory = keep ?? NSTemporaryDirectory() + "tm-bench-pages-\(UUID().uuidString.prefix(8))"
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
        do {
            let store: any Store
            if let postgres {
                store = try await PostgresStore.open(url: postgres)
            } else {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                store = try await SQLiteStore.open(path: directory + "/bench.db")
            }
            do {
                let report = try await run(store)
                try await store.close()
                output.out(json ? report.json : report.text)
                return .up
            } catch {
                try? await store.close()
                throw error
            }
        } catch let error as UsageError {
            output.err("error: \(error)")
            return .usage
        } catch {
            output.err("error: \(error)")
            return .down
        }
    }

    private func run(_ store: any Store) async throws -> BenchPagesReport {
        try await store.migrate()
        guard try await store.monitors().isEmpty else {
            throw UsageError("the database already has monitors: give an empty one (the bench adds its own)")
        }
        let clock = ContinuousClock(), seedStart = clock.now
        let seeded = try await BenchPagesSeed(monitors: monitors, days: days, now: Date()).run(store)
        let checkpoints = CheckpointPublisher(store: store, signer: try NoteSigner.generate(name: "bench/ledger", type: .ed25519))
        _ = try await checkpoints.publish()
        let seedTime = seedStart.duration(to: clock.now)
        let token = APIToken.generate()
        _ = try await store.createToken(name: "bench", scopes: [.read], tokenHash: APIToken.hash(token), now: Date())

        let times = NIOLockedValueBox<[String: [Double]]>([:])
        let router = APIRoutes.makeRouter(store: store, checkpoints: checkpoints,
                                          reportSigner: try NoteSigner.generate(name: "bench/report", type: .ed25519))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(responder: TimedResponder(inner: router.buildResponder(), times: times),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: Self.quiet)
        let server = Task { try await app.run() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw BenchFailure("the server did not start") }
        let pages = ["/status", "/api/v1/monitors", "/dashboard", "/dashboard?state=down", "/dashboard/monitors/\(seeded.monitorIDs[0])",
                     "/dashboard/incidents/\(seeded.incidentIDs.first ?? "none")", "/dashboard/probes", "/dashboard/ledger"]
        // The server's own first request (connections, the router) is not any page's.
        if let health = URL(string: "http://127.0.0.1:\(port)/healthz") { _ = try await URLSession.shared.data(from: health) }
        var results: [BenchPagesReport.Page] = []
        for page in pages {
            guard let url = URL(string: "http://127.0.0.1:\(port)\(page)") else { throw BenchFailure("bad page \(page)") }
            var request = URLRequest(url: url)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            var bytes = 0, client: [Double] = [], first = 0.0
            for round in 0..<(3 + requests) {
                // The first three warm caches up and are not counted; the very first is reported apart.
                if round == 0 || round == 3 { times.withLockedValue { $0[url.path] = [] } }
                if round == 1 { first = times.withLockedValue { $0[url.path]?.first ?? 0 } }
                let start = clock.now
                let (data, response) = try await URLSession.shared.data(for: request)
                let elapsed = start.duration(to: clock.now)
                guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                    throw BenchFailure("\(page) answered \((response as? HTTPURLResponse)?.statusCode ?? 0): "
                                       + String(decoding: data.prefix(300), as: UTF8.self))
                }
                if round >= 3 { client.append(elapsed.seconds * 1000) }
                bytes = data.count
            }
            results.append(.init(path: page, first: first, server: times.withLockedValue { $0[url.path] ?? [] },
                                 client: client, bytes: bytes))
        }
        return BenchPagesReport(backend: postgres == nil ? "sqlite" : "postgresql", monitors: monitors, days: days,
                                rollups: seeded.rollups, seedSeconds: seedTime.seconds, pages: results)
    }
}

extension BenchPagesCommand {
    /// The server's own log says nothing the report needs (and its cancellation at the end is not an error).
    static let quiet: Logger = {
        var logger = Logger(label: "trustmonitor-bench")
        logger.logLevel = .critical
        return logger
    }()
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
