import Foundation
public import Hummingbird

/// An API error as clients see it: `{"error": {"code": "...", "message": "..."}}` with a 4xx status.
public struct APIError: Error, HTTPResponseError {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String

    public init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func notFound(_ what: String) -> APIError { APIError(.notFound, code: "not_found", message: what) }
    static func badParameter(_ name: String, _ reason: String) -> APIError {
        APIError(.badRequest, code: "invalid_parameter", message: "query parameter '\(name)': \(reason)")
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(status: status, ["error": ["code": code, "message": message]])
    }
}

/// Turns every error that escapes a route (including "no such route") into our JSON error shape; errors
/// that are not ours are logged and answered with a generic 500 that leaks nothing.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return JSONResponse.make(status: error.status, ["error": ["code": error.code, "message": error.message]])
        } catch let error as NoCheckpointYet {
            var response = JSONResponse.make(status: .serviceUnavailable,
                                             ["error": ["code": "no_checkpoint_yet", "message": error.description]])
            response.headers[.retryAfter] = "2"
            return response
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "not_found" : "http_\(error.status.code)"
            let message = error.status == .notFound ? "no route for \(request.method) \(request.uri.path)"
                : (error.body ?? error.status.reasonPhrase)
            return JSONResponse.make(status: error.status, ["error": ["code": code, "message": message]])
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return JSONResponse.make(status: .internalServerError,
                                     ["error": ["code": "internal", "message": "internal error; see the server log"]])
        }
    }
}
