import Foundation
import Hummingbird
import TrustMonitorStore

/// The dashboard's forms: each posts `application/x-www-form-urlencoded` with the session's `csrf_token` and is
/// answered with a redirect (303) back to the page it came from, so a reload never posts twice.
extension DashboardRoutes {
    static let maxFormBytes = 64 * 1024

    func addForms(to router: Router<AppRequestContext>) {
        router.post("/dashboard/incidents/:id/ack") { request, context in
            let id = try context.parameters.require("id")
            _ = try await Self.form(request, context: context)
            do {
                _ = try await store.acknowledgeIncident(id: id, by: context.principal?.name ?? Acknowledgement.defaultBy,
                                                        at: Date())
            } catch StoreError.unknownIncident {
                throw APIError.notFound("no incident '\(id)'")
            }
            return Self.seeOther("/dashboard/incidents/\(Self.pathSegment(id))#ack")
        }
        router.post("/dashboard/incidents/:id/comments") { request, context in
            let id = try context.parameters.require("id")
            let text = (try await Self.form(request, context: context)["text"] ?? "")
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard APIRoutes.commentLength.contains(text.count) else {
                throw APIError(.badRequest, code: "invalid_body",
                               message: "text: a comment of 1 to \(APIRoutes.commentLength.upperBound) characters")
            }
            do {
                _ = try await store.addIncidentComment(incident: id, by: context.principal?.name ?? Acknowledgement.defaultBy,
                                                       text: text, at: Date())
            } catch StoreError.unknownIncident {
                throw APIError.notFound("no incident '\(id)'")
            }
            return Self.seeOther("/dashboard/incidents/\(Self.pathSegment(id))#comments")
        }
        guard let monitors else { return }
        for (action, paused) in [("pause", true), ("resume", false)] {
            router.post("/dashboard/monitors/:id/\(action)") { request, context in
                let id = try context.parameters.require("id")
                _ = try await Self.form(request, context: context)
                // The API's own change: a configured monitor is refused (409 `config_owned`), as through the API.
                return try await APIRoutes.refusing("monitor") {
                    let record = try await monitors.setPaused(id, paused)
                    return Self.seeOther("/dashboard/monitors/\(Self.pathSegment(record.id))")
                }
            }
        }
    }

    /// Reads the posted form, refusing other bodies, and checks its CSRF token against the session's: the
    /// `Authenticator` checks it before any route runs; this keeps a form from ever acting without it.
    static func form(_ request: Request, context: AppRequestContext) async throws -> FormFields {
        guard FormFields.isForm(request) else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type",
                           message: "dashboard forms are posted as application/x-www-form-urlencoded")
        }
        var request = request
        let form = try await FormFields.read(&request, limit: maxFormBytes)
        if let expected = context.principal?.csrfToken, !ConstantTime.equal(form["csrf_token"] ?? "", expected) {
            throw APIError(.forbidden, code: "csrf", message: "the form's CSRF token is missing or not this session's")
        }
        return form
    }

    static func seeOther(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// An id as one path segment: ids are our own (`inc_…`, `mon_…`), but a redirect never carries what was posted
    /// unescaped.
    static func pathSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}
