import Foundation
public import Hummingbird
public import TrustMonitorLedger
import TrustMonitorCore
public import TrustMonitorEngine
public import TrustMonitorStore

/// The JSON API: monitors, their results, incidents (and their acknowledgement), suppressed episodes, the alert
/// outbox, and health.
public enum APIRoutes {
    /// - Parameters:
    ///   - role: this replica's role (`active` or `standby`) for `/healthz`, when several share a database.
    ///   - access: sign-in sessions and the failed-guess limit; every route, also those added to the router later,
    ///     is guarded by `AccessPolicy`.
    ///   - dashboard: what the dashboard's pages read besides the store (the engine's running definitions).
    ///   - monitors: the file's and the API's monitors and windows; nil leaves out the API's writes of monitors and
    ///     maintenance windows (and the alert channels, which come with the configuration it holds).
    ///   - alertSender: sends the alert channels' test alerts.
    public static func makeRouter(store: any Store, checkpoints: CheckpointPublisher? = nil,
                                  reportSigner: NoteSigner? = nil,
                                  role: (@Sendable () async -> String)? = nil,
                                  statusPage: StatusPageLayout = StatusPageLayout(),
                                  access: AccessSettings = AccessSettings(),
                                  dashboard: DashboardSources = DashboardSources(),
                                  monitors: MonitorSet? = nil,
                                  alertSender: (any AlertSending)? = nil) -> Router<AppRequestContext>
    {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        // Router middleware guards only routes added after it: this must stay before every route.
        let limiter = FailureLimiter(limit: access.failureLimit, window: access.failureWindow)
        router.add(middleware: Authenticator(store: store, limiter: limiter, uses: TokenUses()))
        SignInRoutes(store: store, limiter: limiter, settings: access).add(to: router)
        router.get("/healthz") { _, _ in
            guard let role else { return JSONResponse.make(["status": "ok"]) }
            return JSONResponse.make(["status": "ok", "role": await role()])
        }
        if let checkpoints, let reportSigner {
            router.get("/api/v1/incidents/:id/bundle") { _, context in
                let id = try context.parameters.require("id")
                guard let incident = try await store.incident(id: id) else { throw APIError.notFound("no incident '\(id)'") }
                return try await bundleResponse(incident, checkpoints: checkpoints, reportSigner: reportSigner)
            }
        }
        if let checkpoints {
            // C2SP tlog-tiles: the latest checkpoint as a signed note, text/plain.
            router.get("/ledger/checkpoint") { _, _ in
                let note = try await checkpoints.current()
                var headers = HTTPFields()
                headers[.contentType] = "text/plain; charset=utf-8"
                headers[.cacheControl] = "no-cache"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: note.serialized)))
            }
            // For an auditor holding an old checkpoint: proof that the log only grew since.
            router.get("/api/v1/ledger/proof") { request, _ in
                let query = request.uri.queryParameters
                guard let from = query.get("from").flatMap({ Int($0) }), let to = query.get("to").flatMap({ Int($0) }) else {
                    throw APIError.badParameter("from/to", "both are required, as tree sizes (integers)")
                }
                guard let proof = try await checkpoints.consistencyProof(from: from, to: to) else {
                    throw APIError.badParameter("from/to", "need 1 <= from <= to <= the published size")
                }
                struct Body: Encodable { let from: Int; let to: Int; let hashes: [String] }
                return JSONResponse.make(Body(from: from, to: to, hashes: proof.hashes.map(\.base64)))
            }
            // C2SP tlog-tiles: hash tiles and entry bundles, immutable once served.
            router.get("/ledger/tile/**") { _, context in
                let path = context.parameters.getCatchAll().joined(separator: "/")
                guard let request = TilePath.parse(Substring(path)) else {
                    throw APIError.notFound("no tile at '\(path)'")
                }
                let bytes: [UInt8]?
                switch request {
                case .hashes(let level, let index, let width):
                    bytes = try await checkpoints.hashTile(level: level, index: index, width: width)
                case .entries(let index, let width):
                    bytes = try await checkpoints.entryBundle(index: index, width: width)
                }
                guard let bytes else { throw APIError.notFound("tile '\(path)' is beyond the published tree") }
                var headers = HTTPFields()
                headers[.contentType] = "application/octet-stream"
                headers[.cacheControl] = "public, max-age=31536000, immutable"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        }
        let api = router.group("/api/v1")
        addMonitorRoutes(to: api, store: store, monitors: monitors)
        if let checkpoints, let reportSigner {
            addSLARoute(to: api, store: store, checkpoints: checkpoints, reportSigner: reportSigner, monitors: monitors)
        }
        addCommentRoutes(to: api, store: store)
        if let monitors {
            addMaintenanceRoutes(to: api, store: store, monitors: monitors)
            if let alertSender { addAlertChannelRoutes(to: api, monitors: monitors, sender: alertSender) }
        }
        api.get("/monitors/:id/results") { request, context in
            let id = try context.parameters.require("id")
            guard let monitor = try await store.monitor(idOrName: id) else { throw APIError.notFound("no monitor '\(id)'") }
            let query = request.uri.queryParameters
            let since = try query.time("since")
            let limit = try limitParameter(query.get("limit"))
            let results = try await store.observations(monitor: monitor.id, since: since, limit: limit)
            return JSONResponse.make(["results": results])
        }
        api.get("/incidents") { request, _ in
            let query = request.uri.queryParameters
            let state = try query.get("state").map { text in
                guard let state = Incident.State(rawValue: String(text)) else {
                    throw APIError.badParameter("state", "'\(text)' is not one of open, resolved")
                }
                return state
            }
            let limit = try limitParameter(query.get("limit"))
            let incidents = try await store.incidents(state: state, monitor: query.get("monitor"),
                                                      limit: limit)
            return JSONResponse.make(["incidents": incidents])
        }
        api.get("/incidents/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let incident = try await store.incident(id: id) else { throw APIError.notFound("no incident '\(id)'") }
            return JSONResponse.make(incident)
        }
        api.get("/suppressed") { request, _ in
            let query = request.uri.queryParameters
            let limit = try limitParameter(query.get("limit"))
            let episodes = try await store.suppressedEpisodes(monitor: query.get("monitor"), limit: limit)
            return JSONResponse.make(["suppressed": episodes])
        }
        addAlertRoutes(to: api, store: store)
        addTokenRoutes(to: api, store: store)
        addBadgeRoutes(to: router, store: store)
        addStatusPage(to: router, store: store, layout: statusPage, checkpoints: checkpoints, reportSigner: reportSigner)
        DashboardRoutes(store: store, sources: dashboard, monitors: monitors).add(to: router)
        addOpenAPIRoute(to: router)
        return router
    }

    /// An incident's evidence bundle (signed report, entries, proofs, keys) as JSON.
    static func bundleResponse(_ incident: Incident, checkpoints: CheckpointPublisher, reportSigner: NoteSigner)
        async throws -> Response
    {
        let bundle = try await checkpoints.bundle(for: incident, reportSigner: reportSigner)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try bundle.jsonData())))
    }

    static func limitParameter(_ text: String?) throws -> Int {
        guard let text else { return 100 }
        guard let value = Int(text), (1...1000).contains(value) else {
            throw APIError.badParameter("limit", "'\(text)' is not a number from 1 to 1000")
        }
        return value
    }
}
