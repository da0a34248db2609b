import Foundation
import Hummingbird
import TrustMonitorCore
import TrustMonitorStore

/// Comments on incidents: what people found and did, kept with the incident; the author is the caller's token name.
extension APIRoutes {
    static let commentLength = 1...4000

    static func addCommentRoutes(to api: RouterGroup<AppRequestContext>, store: any Store) {
        api.get("/incidents/:id/comments") { _, context in
            let id = try context.parameters.require("id")
            guard try await store.incident(id: id) != nil else { throw APIError.notFound("no incident '\(id)'") }
            let comments = try await store.incidentComments(incident: id)
            return JSONResponse.make(["comments": comments.map(CommentListing.init)])
        }
        api.post("/incidents/:id/comments") { request, context in
            let id = try context.parameters.require("id")
            let text = try await commentText(request)
            do {
                let comment = try await store.addIncidentComment(
                    incident: id, by: context.principal?.name ?? Acknowledgement.defaultBy, text: text, at: Date())
                return JSONResponse.make(status: .created, CommentListing(comment))
            } catch StoreError.unknownIncident {
                throw APIError.notFound("no incident '\(id)'")
            }
        }
    }

    /// `{"text": "..."}`, trimmed, 1 to 4000 characters.
    private static func commentText(_ request: Request) async throws -> String {
        struct Body: Decodable { let text: String? }
        let json = try await JSONRequestBody.object(request, what: "a comment")
        let text = (try? JSONCoding.decoder().decode(Body.self, from: Data(json.utf8)))?.text?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard let text, commentLength.contains(text.count) else {
            throw APIError(.badRequest, code: "invalid_body",
                           message: "text: a comment of 1 to \(commentLength.upperBound) characters")
        }
        return text
    }
}

/// `{"id", "by", "at", "text"}`.
struct CommentListing: Encodable {
    let id: String
    let by: String
    let at: Date
    let text: String

    init(_ comment: IncidentComment) {
        id = comment.id
        by = comment.by
        at = comment.at
        text = comment.text
    }
}
