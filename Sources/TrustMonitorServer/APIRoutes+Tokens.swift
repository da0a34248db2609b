import Foundation
import Hummingbird
import TrustMonitorCore
import TrustMonitorStore

/// The caller's own token (`/me`) and the management of API tokens (admin scope, by `AccessPolicy`). A token's
/// secret is in the answer that creates it and nowhere else, ever: listings show ids, names and scopes.
extension APIRoutes {
    struct NewToken: Decodable {
        let name: String
        let scopes: [String]
    }

    /// The created token: its secret, then the fields every listing shows.
    struct CreatedToken: Encodable {
        let token: String
        let record: APITokenRecord

        enum CodingKeys: String, CodingKey { case token }

        func encode(to encoder: any Encoder) throws {
            try record.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(token, forKey: .token)
        }
    }

    static func addTokenRoutes(to api: RouterGroup<AppRequestContext>, store: any Store) {
        api.get("/me") { _, context in
            guard let principal = context.principal,
                  let token = try await store.tokens().first(where: { $0.id == principal.tokenID }) else {
                throw APIError(.unauthorized, code: "unauthorized", message: "no API token")
            }
            struct Me: Encodable {
                let id: String, name: String, scopes: [TokenScope], createdAt: Date
                enum CodingKeys: String, CodingKey { case id, name, scopes, createdAt = "created_at" }
            }
            return JSONResponse.make(Me(id: token.id, name: token.name, scopes: token.scopes, createdAt: token.createdAt))
        }
        api.get("/tokens") { _, _ in
            JSONResponse.make(["tokens": try await store.tokens()])
        }
        api.post("/tokens") { request, context in
            let body = try await AgentRequestBody.decode(NewToken.self, request, context)
            let scopes: Set<TokenScope>
            switch TokenRequest.check(name: body.name, scopes: body.scopes) {
            case .failure(let problem): throw APIError(.badRequest, code: "invalid_body", message: problem.message)
            case .success(let checked): scopes = checked
            }
            let token = APIToken.generate()
            let record = try await store.createToken(name: body.name, scopes: scopes, tokenHash: APIToken.hash(token),
                                                     now: Date())
            context.logger.info("API token created", metadata: [
                "token": "\(record.id)", "name": "\(record.name)", "by": "\(context.principal?.tokenID ?? "?")",
            ])
            return JSONResponse.make(status: .created, CreatedToken(token: token, record: record))
        }
        api.delete("/tokens/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let revoked = try await store.revokeToken(id: id, at: Date()) else {
                throw APIError.notFound("no token '\(id)'")
            }
            context.logger.info("API token revoked", metadata: [
                "token": "\(revoked.id)", "by": "\(context.principal?.tokenID ?? "?")",
            ])
            return Response(status: .noContent)
        }
    }
}
