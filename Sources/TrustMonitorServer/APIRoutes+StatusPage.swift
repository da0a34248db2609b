import Foundation
import Hummingbird
import TrustMonitorStore

/// The public status page, `/status`: server-rendered HTML, no sign-in.
extension APIRoutes {
    static func addStatusPage(to router: Router<AppRequestContext>, store: any Store, layout: StatusPageLayout) {
        router.get("/status") { _, _ in
            let model = try await StatusPageModel.load(store: store, layout: layout, now: Date())
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: StatusPageHTML.render(model))))
        }
    }
}
