import Foundation
import Hummingbird
import TrustMonitorStore

/// Monitors: read by anyone with read access, changed through the API when the API owns them (`MonitorSet`).
/// `{id}` is a monitor's id or its name.
extension APIRoutes {
    /// - Parameter monitors: nil serves reads only, without file monitors' definitions (tests of other routes).
    static func addMonitorRoutes(to api: RouterGroup<AppRequestContext>, store: any Store, monitors: MonitorSet?) {
        @Sendable func find(_ context: AppRequestContext) async throws -> MonitorRecord {
            let id = try context.parameters.require("id")
            guard let record = try await store.monitor(idOrName: id) else {
                throw APIError.notFound("no monitor '\(id)'")
            }
            return record
        }
        @Sendable func shown(_ record: MonitorRecord, status: HTTPResponse.Status = .ok) async throws -> Response {
            let definition = try await monitors?.definition(of: record)
            let degradations = try await store.openDegradations().filter { $0.monitor == record.id }
            return JSONResponse.make(status: status, MonitorListing(record, degradations: degradations,
                                                                    definition: .some(definition)))
        }
        api.get("/monitors") { _, _ in
            let inUse = try await store.monitors().filter { !$0.retired }
            let degradations = Dictionary(grouping: try await store.openDegradations(), by: \.monitor)
            return JSONResponse.make(["monitors": inUse.map { MonitorListing($0, degradations: degradations[$0.id] ?? []) }])
        }
        api.get("/monitors/:id/degradations") { request, context in
            let record = try await find(context)
            let span = try TimeSpanQuery(request.uri.queryParameters, now: Date())
            let periods = try await store.degradations(monitor: record.id, from: span.from, to: span.to)
            return JSONResponse.make(DegradationPage(monitor: record.id, from: span.from, to: span.to,
                                                     degradations: periods.reversed().map(DegradationListing.init)))
        }
        api.get("/monitors/:id") { _, context in try await shown(try await find(context)) }
        guard let monitors else { return }
        api.post("/monitors") { request, _ in
            let json = try await JSONRequestBody.object(request, what: "a monitor")
            return try await refusing("monitor") {
                try await shown(try await monitors.create(json: json), status: .created)
            }
        }
        api.put("/monitors/:id") { request, context in
            let id = try context.parameters.require("id")
            let json = try await JSONRequestBody.object(request, what: "a monitor")
            return try await refusing("monitor") { try await shown(try await monitors.replace(id, json: json)) }
        }
        api.delete("/monitors/:id") { _, context in
            let id = try context.parameters.require("id")
            return try await refusing("monitor") {
                try await monitors.delete(id)
                return Response(status: .noContent)
            }
        }
        for (action, paused) in [("pause", true), ("resume", false)] {
            api.post("/monitors/:id/\(action)") { _, context in
                let id = try context.parameters.require("id")
                return try await refusing("monitor") { try await shown(try await monitors.setPaused(id, paused)) }
            }
        }
    }

    /// Runs a change, answering its refusal as the API's error.
    static func refusing(_ what: String, _ change: () async throws -> Response) async throws -> Response {
        do {
            return try await change()
        } catch let refusal as MonitorChangeRefusal {
            throw refusal.apiError(what)
        }
    }
}
