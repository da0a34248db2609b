import Foundation
import Hummingbird
import TrustMonitorLedger
import TrustMonitorStore

/// The public status page, `/status`: server-rendered HTML, no sign-in; and the evidence bundles of the incidents
/// it shows, `/status/incidents/{id}/bundle`, the same bundle as `/api/v1/incidents/{id}/bundle` without a token.
extension APIRoutes {
    static func addStatusPage(to router: Router<AppRequestContext>, store: any Store, layout: StatusPageLayout,
                              checkpoints: CheckpointPublisher?, reportSigner: NoteSigner?) {
        let history = RollupHistory()
        router.get("/status") { _, _ in
            let model = try await StatusPageModel.load(store: store, layout: layout, now: Date(), history: history)
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: await StatusPageHTML.render(model))))
        }
        guard let checkpoints, let reportSigner else { return }
        router.get("/status/incidents/:id/bundle") { _, context in
            let id = try context.parameters.require("id")
            // A public page tells only of the monitors it shows: any other incident is as if it did not exist.
            guard let incident = try await store.incident(id: id),
                  let monitor = try await store.monitor(id: incident.monitor), layout.shows(monitor)
            else { throw APIError.notFound("no incident '\(id)' on this status page") }
            return try await bundleResponse(incident, checkpoints: checkpoints, reportSigner: reportSigner)
        }
    }
}
