import Foundation
public import Hummingbird

/// An API error as clients see it: `{"error": {"code": "...", "message": "..."}}` with a 4xx status.
public struct APIError: Error, HTTPResponseError {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    /// Each thing wrong with a body refused as a whole (`invalid_monitor`); shown only when there are some.
    public let problems: [Problem]

    /// One problem in a request body: where (`url`, `conditions[1]`), and what.
    public struct Problem: Encodable, Sendable, Equatable {
        public let path: String
        public let message: String

        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }
    }

    public init(_ status: HTTPResponse.Status, code: String, message: String, problems: [Problem] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.problems = problems
    }

    /// `{"error": {"code", "message", "problems"?}}`.
    var body: some Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let problems: [Problem]?
        }
        return ["error": Detail(code: code, message: message, problems: problems.isEmpty ? nil : problems)]
    }

    static func notFound(_ what: String) -> APIError { APIError(.notFound, code: "not_found", message: what) }
    static func badParameter(_ name: String, _ reason: String) -> APIError {
        APIError(.badRequest, code: "invalid_parameter", message: "query parameter '\(name)': \(reason)")
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(status: status, body)
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
            return JSONResponse.make(status: error.status, error.body)
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
