import Hummingbird

/// The API's own description, `Sources/TrustMonitorServer/OpenAPI/openapi.json`, compiled into the binary so the
/// document served is always the one committed beside the code (tests hold the two to each other).
extension APIRoutes {
    /// The document's bytes, exactly as committed.
    public static var openAPIDocument: [UInt8] { PackageResources.openapi_json }

    static func addOpenAPIRoute(to router: Router<AppRequestContext>) {
        router.get("/api/v1/openapi.json") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: openAPIDocument)))
        }
    }
}
