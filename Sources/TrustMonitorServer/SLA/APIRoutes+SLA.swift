import Foundation
import Hummingbird
import TrustMonitorCore
import TrustMonitorLedger
import TrustMonitorStore

extension APIRoutes {
    /// `GET /api/v1/monitors/{id}/sla?from=&to=[&format=json|html][&include_maintenance=true]`: the monitor's SLA
    /// report for the period, as the verifiable JSON bundle `trustmonitor verify report` checks, or as the page for a
    /// customer (see `SLAReportHTML`).
    static func addSLARoute(to api: RouterGroup<AppRequestContext>, store: any Store, checkpoints: CheckpointPublisher,
                            reportSigner: NoteSigner, monitors: MonitorSet?) {
        api.get("/monitors/:id/sla") { request, context in
            let id = try context.parameters.require("id")
            let query = try SLAQuery(request.uri.queryParameters, now: Date())
            guard let monitor = try await store.monitor(idOrName: id) else { throw APIError.notFound("no monitor '\(id)'") }
            let sources = SLASources(store: store, configuration: await monitors?.configuration)
            let (bundle, report) = try await SLAReportMaker(sources: sources).bundle(
                monitor: monitor, period: query.period, includeMaintenance: query.includeMaintenance, now: Date(),
                checkpoints: checkpoints, reportSigner: reportSigner)
            var headers = HTTPFields()
            let body: ByteBuffer
            switch query.format {
            case .json:
                headers[.contentType] = "application/json; charset=utf-8"
                body = ByteBuffer(bytes: try bundle.jsonData())
            case .html:
                headers[.contentType] = "text/html; charset=utf-8"
                body = ByteBuffer(string: SLAReportHTML.render(report, digest: IncidentReport.digest(bundle.report.payload),
                                                               keyID: bundle.report.signatures.first?.keyid ?? ""))
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
        }
    }
}
