import Foundation
public import Hummingbird
public import TrustMonitorStore

/// The dashboard: server-rendered pages for signed-in people, and the forms they post. Who may see and post is
/// decided before these run (`AccessPolicy`: a session, or a token, with `read` for pages and `write` plus the
/// session's CSRF token for forms); the pages only show who is signed in and put the CSRF token in their forms.
public struct DashboardRoutes: Sendable {
    let store: any Store
    let sources: DashboardSources
    /// Changes monitors the API owns (pause, resume); nil: the pages change no monitor.
    let monitors: MonitorSet?

    public init(store: any Store, sources: DashboardSources = DashboardSources(), monitors: MonitorSet? = nil) {
        self.store = store
        self.sources = sources
        self.monitors = monitors
    }

    public func add(to router: Router<AppRequestContext>) {
        router.get("/dashboard") { request, context in
            let filter = try MonitorListModel.Filter.parse { request.uri.queryParameters.get($0) }
            let model = try await MonitorListModel.load(store: store, sources: sources, filter: filter, now: Date())
            return Self.page(MonitorListHTML.render(model, viewer: DashboardViewer(context.principal)))
        }
        router.get("/dashboard/monitors/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let model = try await MonitorPageModel.load(store: store, sources: sources, id: id, now: Date(),
                                                              canChange: monitors != nil) else {
                return Self.notFound("No monitor '\(id)'.", viewer: DashboardViewer(context.principal))
            }
            return Self.page(MonitorPageHTML.render(model, viewer: DashboardViewer(context.principal)))
        }
        router.get("/dashboard/incidents/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let model = try await IncidentPageModel.load(store: store, id: id, now: Date()) else {
                return Self.notFound("No incident '\(id)'.", viewer: DashboardViewer(context.principal))
            }
            return Self.page(IncidentPageHTML.render(model, viewer: DashboardViewer(context.principal)))
        }
        router.get("/dashboard/probes") { _, context in
            let model = try await ProbesPageModel.load(store: store, now: Date())
            return Self.page(ProbesPageHTML.render(model, viewer: DashboardViewer(context.principal)))
        }
        router.get("/dashboard/ledger") { _, context in
            let model = try await LedgerPageModel.load(store: store)
            return Self.page(LedgerPageHTML.render(model, viewer: DashboardViewer(context.principal)))
        }
        addForms(to: router)
    }

    static func page(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        // Pages show live state, and a signed-in person's view is theirs alone; as the sign-in page, never framed
        // and nothing loaded from elsewhere (inline SVG needs no image source).
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page that names what is missing, inside the dashboard's frame (a person followed a link, not a program).
    static func notFound(_ message: String, viewer: DashboardViewer?) -> Response {
        page(DashboardFrame.render(title: "Not found", section: .monitors, viewer: viewer,
                                   body: "<h1>Not found</h1><p>\(PageText.escape(message))</p><p><a href=\"/dashboard\">All monitors</a></p>"),
             status: .notFound)
    }
}
