import Foundation
import Hummingbird
import TrustMonitorCore

/// Responses in the one JSON form of our values (`JSONCoding`): RFC 3339 times, snake_case keys.
enum JSONResponse {
    static func make(status: HTTPResponse.Status = .ok, _ value: some Encodable) -> Response {
        // Our values always encode (strings, numbers, dates as strings); a failure is a programmer error,
        // answered as a 500 rather than a crash.
        guard let data = try? JSONCoding.encoder().encode(value) else {
            return Response(status: .internalServerError)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
