import Foundation
import Hummingbird
import TrustMonitorStore

/// Maintenance windows: the file's (read only) and the API's, listed together.
extension APIRoutes {
    static func addMaintenanceRoutes(to api: RouterGroup<AppRequestContext>, store: any Store, monitors: MonitorSet) {
        api.get("/maintenance") { _, _ in
            let now = Date()
            let configured = await monitors.configuration.maintenance.map {
                MaintenanceListing(id: MonitorSet.configuredWindowID($0), source: .config, window: $0, createdAt: nil,
                                   createdBy: nil, now: now)
            }
            let stored = try await store.maintenanceWindows().map {
                MaintenanceListing(id: $0.id, source: .api, window: $0.window, createdAt: $0.createdAt,
                                   createdBy: $0.createdBy, now: now)
            }
            return JSONResponse.make(["windows": configured + stored])
        }
        api.post("/maintenance") { request, context in
            let json = try await JSONRequestBody.object(request, what: "a maintenance window")
            return try await refusing("maintenance window") {
                let by = context.principal?.name ?? Acknowledgement.defaultBy
                let stored = try await monitors.addWindow(json: json, by: by)
                return JSONResponse.make(status: .created, MaintenanceListing(
                    id: stored.id, source: .api, window: stored.window, createdAt: stored.createdAt,
                    createdBy: stored.createdBy, now: Date()))
            }
        }
        api.delete("/maintenance/:id") { _, context in
            let id = try context.parameters.require("id")
            return try await refusing("maintenance window") {
                try await monitors.deleteWindow(id)
                return Response(status: .noContent)
            }
        }
    }
}
