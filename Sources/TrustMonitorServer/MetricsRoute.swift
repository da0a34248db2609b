public import Hummingbird
public import TrustMonitorEngine

/// `GET /metrics`: this replica's metrics in the Prometheus text format (0.0.4). Each replica serves only its own
/// counts and queues, so every replica is scraped.
public struct MetricsRoute: Sendable {
    let exposition: MetricsExposition

    public init(_ exposition: MetricsExposition) {
        self.exposition = exposition
    }

    public func add(to router: Router<AppRequestContext>) {
        router.get("/metrics") { _, _ in
            let text = try await exposition.render()
            var headers = HTTPFields()
            headers[.contentType] = MetricsExposition.contentType
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
