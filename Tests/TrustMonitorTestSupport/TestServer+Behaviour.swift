import NIOHTTP1

extension TestServer {
    /// One request as the server received it, so a test can assert what the prober sent
    /// (Host header, method, body) and a behaviour can depend on how many came before.
    struct Request: Sendable {
        /// 1-based position of this request among all requests this server has received.
        let number: Int
        let method: String
        let uri: String
        let headers: HTTPHeaders
        let body: [UInt8]

        var bodyText: String { String(decoding: self.body, as: UTF8.self) }

        /// The first value of a header, matched case-insensitively.
        func header(_ name: String) -> String? { self.headers.first(name: name) }
    }

    /// What the server does after reading a whole request. Every case is done for real on the
    /// socket; each connection carries one exchange and is closed after it (`Connection: close`).
    indirect enum Behaviour: Sendable {
        /// A complete response. `Content-Length` and `Connection: close` are added unless `headers`
        /// already has them (so a test can lie about the length). A HEAD request gets no body.
        case respond(status: Int, headers: [(String, String)] = [], body: String = "")
        /// A `Transfer-Encoding: chunked` response with one chunk per element (empty ones skipped).
        case respondChunked(status: Int, headers: [(String, String)] = [], chunks: [String])
        /// A `Content-Length: totalBytes` body written in 64 KiB pieces, each only after the previous
        /// one reached the socket, so large bodies never sit in memory. Byte `i` of the body is
        /// `"a" + i % 26` (see `streamedByte(at:)`).
        case respondStreaming(status: Int, totalBytes: Int)
        /// A 3xx response with a `Location` header and an empty body.
        case redirect(to: String, status: Int = 302)
        /// Does `then` after `delay`, scheduled on the connection's event loop (no thread blocks).
        case delay(Duration, then: Behaviour)
        /// Reads the request and never answers; the connection stays open until `shutdown()`.
        case hang
        /// Sends a 200 head announcing `Content-Length: 1048576`, 1 KiB of body, then aborts the
        /// TCP connection with an RST (SO_LINGER 0), skipping TLS close_notify.
        case resetMidResponse
        /// Reads the request and closes cleanly (FIN, after close_notify on TLS) without a byte.
        case closeWithoutResponse
        /// Writes `bytes` as they are (inside TLS when the server has TLS), then closes.
        case garbage([UInt8])

        /// A response with a text body and extra headers, the common case.
        static func ok(_ body: String = "ok", headers: [(String, String)] = []) -> Behaviour {
            .respond(status: 200, headers: headers, body: body)
        }

        /// The byte at `offset` in a `.respondStreaming` body, so tests can check what arrived.
        static func streamedByte(at offset: Int) -> UInt8 {
            UInt8(ascii: "a") &+ UInt8(offset % 26)
        }
    }
}
