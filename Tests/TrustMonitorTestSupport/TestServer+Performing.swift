import NIOCore
import NIOHTTP1

/// Carrying out a `Behaviour` with raw bytes on the connection's channel. The pipeline has no
/// HTTP encoder, so what is written here is exactly what the client receives (encrypted when TLS
/// is on). Everything runs on the channel's event loop.
extension TestServer.Behaviour {
    private static let streamPieceSize = 64 * 1024
    /// One piece of the streamed body's repeating pattern plus a period, so any piece is a slice.
    private static let streamPattern: [UInt8] = (0..<(streamPieceSize + 26)).map(streamedByte(at:))

    func perform(for request: TestServer.Request, on channel: any Channel) {
        switch self {
        case .respond(let status, let headers, let body):
            var bytes = Self.head(status: status, headers: Self.withDefaults(headers, contentLength: body.utf8.count))
            if request.method != "HEAD" { bytes += Array(body.utf8) }
            Self.write(bytes, thenCloseOn: channel)

        case .respondChunked(let status, let headers, let chunks):
            let framing = [("Transfer-Encoding", "chunked"), ("Connection", "close")]
            var bytes = Self.head(status: status, headers: headers + framing)
            for chunk in chunks where !chunk.isEmpty {
                bytes += Array("\(String(chunk.utf8.count, radix: 16))\r\n\(chunk)\r\n".utf8)
            }
            bytes += Array("0\r\n\r\n".utf8)
            Self.write(bytes, thenCloseOn: channel)

        case .respondStreaming(let status, let totalBytes):
            let head = Self.head(status: status, headers: Self.withDefaults([], contentLength: totalBytes))
            channel.writeAndFlush(channel.allocator.buffer(bytes: head)).whenComplete { result in
                guard case .success = result else { return channel.close(promise: nil) }
                Self.stream(from: 0, to: totalBytes, on: channel)
            }

        case .redirect(let location, let status):
            Self.respond(status: status, headers: [("Location", location)]).perform(for: request, on: channel)

        case .delay(let duration, let next):
            channel.eventLoop.scheduleTask(in: TimeAmount(duration)) {
                next.perform(for: request, on: channel)
            }

        case .hang:
            break

        case .resetMidResponse:
            var bytes = Self.head(status: 200, headers: Self.withDefaults([], contentLength: 1_048_576))
            bytes += Self.streamPattern[..<1024]
            channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).whenComplete { _ in
                // A short pause lets the client read the partial response before the RST comes:
                // a peer may drop received data it has not read yet when it gets a reset.
                channel.eventLoop.scheduleTask(in: .milliseconds(50)) {
                    channel.pipeline.fireUserInboundEventTriggered(ConnectionAborter.Abort(reset: true))
                }
            }

        case .closeWithoutResponse:
            channel.close(promise: nil)

        case .garbage(let bytes):
            Self.write(bytes, thenCloseOn: channel)
        }
    }

    private static func head(status: Int, headers: [(String, String)]) -> [UInt8] {
        let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
        var text = "HTTP/1.1 \(status) \(reason)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    private static func withDefaults(_ headers: [(String, String)], contentLength: Int) -> [(String, String)] {
        func has(_ name: String) -> Bool { headers.contains { $0.0.lowercased() == name } }
        var result = headers
        if !has("content-length") && !has("transfer-encoding") {
            result.append(("Content-Length", String(contentLength)))
        }
        if !has("connection") { result.append(("Connection", "close")) }
        return result
    }

    private static func write(_ bytes: [UInt8], thenCloseOn channel: any Channel) {
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    /// Writes body bytes `[offset, total)` one piece at a time; each write waits for the previous
    /// one to reach the socket, so a client that stops reading stops the server too.
    private static func stream(from offset: Int, to total: Int, on channel: any Channel) {
        guard offset < total else { return channel.close(promise: nil) }
        let end = min(offset + Self.streamPieceSize, total)
        let start = offset % 26
        let piece = channel.allocator.buffer(bytes: Self.streamPattern[start..<(start + end - offset)])
        channel.writeAndFlush(piece).whenComplete { result in
            guard case .success = result else { return channel.close(promise: nil) }
            // Hop through the loop so synchronously completed writes do not grow the stack.
            channel.eventLoop.execute { Self.stream(from: end, to: total, on: channel) }
        }
    }
}
