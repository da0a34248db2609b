import Foundation
import TrustMonitorCore
import TrustMonitorStore

/// `/dashboard/incidents/{id}` as HTML: a timeline first, then the evidence, acknowledgement, comments and ledger.
enum IncidentPageHTML {
    static func render(_ model: IncidentPageModel, viewer: DashboardViewer?) -> String {
        let incident = model.incident
        let id = PageText.escape(incident.id)
        let state = incident.state == .open ? DashboardFrame.stateBadge("open", label: "Open")
            : DashboardFrame.stateBadge("up", label: "Resolved")
        let body = """
            <p class="meta"><a href="/dashboard">Monitors</a> › <a href="/dashboard/monitors/\(PageText.escape(incident.monitor))">\
            \(PageText.escape(incident.monitorName))</a> ›</p>
            <h1>Incident \(id) \(state)</h1>
            <p>\(PageText.escape(incident.monitorName)) (\(PageText.escape(incident.endpoint))): \
            <strong>\(PageText.escape(incident.failure.code.rawValue))</strong>, \(PageText.escape(incident.failure.message))</p>
            <p><a href="/api/v1/incidents/\(id)/bundle">Evidence bundle</a> (JSON: the signed report, its ledger entries and \
            their proofs; check it offline with <code>trustmonitor verify bundle FILE --log-key KEY</code>)</p>
            <section aria-labelledby="timeline"><h2 id="timeline">Timeline</h2>
            <ol class="timeline">\(IncidentTimeline.items(model).map { "<li>\($0.html)</li>" }.joined(separator: "\n"))</ol>
            </section>
            <section aria-labelledby="ack"><h2 id="ack">Acknowledgement</h2>
            \(acknowledgement(model, viewer: viewer))
            </section>
            <section aria-labelledby="comments"><h2 id="comments">Comments</h2>
            \(comments(model, viewer: viewer))
            </section>
            <section aria-labelledby="evidence"><h2 id="evidence">Evidence of the primary failure</h2>
            \(model.looks.first.map { evidence($0.verdict.observation) } ?? "<p>No look recorded.</p>")
            </section>
            <section aria-labelledby="ledger"><h2 id="ledger">Ledger</h2>
            \(ledger(model))
            </section>
            """
        return DashboardFrame.render(title: "Incident \(incident.id)", section: .monitors, viewer: viewer, body: body)
    }

    static func acknowledgement(_ model: IncidentPageModel, viewer: DashboardViewer?) -> String {
        if let ack = model.acknowledgement {
            return "<p>Acknowledged by <strong>\(PageText.escape(ack.by))</strong> at "
                + "<time datetime=\"\(RFC3339.format(ack.at))\">\(PageText.minute(ack.at))</time>: reminders and escalations stopped.</p>"
        }
        return "<p>Not acknowledged: reminders and escalations continue while it is open.</p>"
            + "<form method=\"post\" action=\"/dashboard/incidents/\(PageText.escape(model.incident.id))/ack\">"
            + "\(viewer?.csrfField ?? "")<button type=\"submit\">Acknowledge</button></form>"
    }

    static func comments(_ model: IncidentPageModel, viewer: DashboardViewer?) -> String {
        let comments = model.comments
        let list = comments.isEmpty ? "<p>No comments yet.</p>" : "<ul>" + comments.map { comment in
            "<li><strong>\(PageText.escape(comment.by))</strong>, <time datetime=\"\(RFC3339.format(comment.at))\">"
                + "\(PageText.minute(comment.at))</time>: \(PageText.escape(comment.text))</li>"
        }.joined() + "</ul>"
        return list + """
            <form method="post" action="/dashboard/incidents/\(PageText.escape(model.incident.id))/comments">\(viewer?.csrfField ?? "")
            <label for="comment-text">Add a comment</label>
            <textarea id="comment-text" name="text" rows="3" maxlength="\(APIRoutes.commentLength.upperBound)" required></textarea>
            <button type="submit">Comment</button></form>
            """
    }

    /// What the primary look saw: status, phases, headers (secrets already redacted), body excerpt and digest,
    /// certificate, and every attempt in order.
    static func evidence(_ observation: Observation) -> String {
        let attempts = observation.attempts.map { attempt in
            let result = attempt.failure.map { "\(PageText.escape($0.code.rawValue)): \(PageText.escape($0.message))" } ?? "ok"
            return "<tr><th scope=\"row\">\(attempt.number)</th><td><time datetime=\"\(RFC3339.format(attempt.startedAt))\">"
                + "\(PageText.minute(attempt.startedAt))</time></td><td>\(PageText.escape(attempt.url))</td>"
                + "<td>\(attempt.remoteAddress.map(PageText.escape) ?? "—")</td><td class=\"num\">\(attempt.status.map(String.init) ?? "—")</td>"
                + "<td>\(result)</td><td class=\"num\">\(PageText.milliseconds(attempt.phases.total) ?? "—")</td>"
                + "<td class=\"num\">\(attempt.delayBeforeNextMs.map { "\($0) ms" } ?? "—")</td></tr>"
        }.joined()
        let headers = observation.attempts.last?.headers.map { "\(PageText.escape($0.name)): \(PageText.escape($0.value))" }
            .joined(separator: "\n") ?? ""
        let body = observation.attempts.last?.body.map { body in
            "<p>Body: \(body.bytesRead) bytes read\(body.truncated ? " (truncated)" : ""), SHA-256 <code>\(PageText.escape(body.sha256))</code></p>"
                + "<pre>\(PageText.escape(body.excerpt))</pre>"
        } ?? "<p>No body was read.</p>"
        let certificate = observation.certificate.map { certificate in
            "<p>Certificate: \(PageText.escape(certificate.subject)), issued by \(PageText.escape(certificate.issuer)), "
                + "valid until \(PageText.minute(certificate.notAfter))</p>"
        } ?? ""
        return """
            <div class="scroll"><table><caption>Attempts\(observation.retryStop.map { "; retrying stopped: \(PageText.escape($0))" } ?? "")</caption>
            <thead><tr><th scope="col">#</th><th scope="col">Started</th><th scope="col">URL</th><th scope="col">Address</th>\
            <th scope="col" class="num">Status</th><th scope="col">Result</th><th scope="col" class="num">Total</th>\
            <th scope="col" class="num">Wait after</th></tr></thead><tbody>\(attempts)</tbody></table></div>
            \(headers.isEmpty ? "" : "<p>Response headers of the last attempt:</p><pre>\(headers)</pre>")
            \(body)\(certificate)
            """
    }

    static func ledger(_ model: IncidentPageModel) -> String {
        guard !model.ledger.isEmpty else { return "<p>No ledger entries recorded for this incident.</p>" }
        let checkpoint = model.checkpoint.map { checkpoint in
            "The latest checkpoint covers \(checkpoint.size) entries"
                + (checkpoint.at.map { ", signed <time datetime=\"\(RFC3339.format($0))\">\(PageText.minute($0))</time>" } ?? "")
                + (model.fullyCovered ? ": every entry of this incident is in it."
                    : ": entries after it are covered by the next one, signed within seconds.")
        } ?? "No checkpoint has been signed yet."
        let rows = model.ledger.map { entry in
            "<tr><th scope=\"row\" class=\"num\">\(entry.seq)</th><td><code>\(PageText.escape(entry.type))</code></td><td>"
                + (entry.covered ? DashboardFrame.stateBadge("covered", label: "In the latest checkpoint")
                    : DashboardFrame.stateBadge("waiting", label: "Awaiting a checkpoint")) + "</td></tr>"
        }.joined()
        return "<p>\(checkpoint) <a href=\"/dashboard/ledger\">The ledger</a>.</p><div class=\"scroll\"><table>"
            + "<thead><tr><th scope=\"col\" class=\"num\">Entry</th><th scope=\"col\">Type</th><th scope=\"col\">Inclusion</th></tr>"
            + "</thead><tbody>\(rows)</tbody></table></div>"
    }
}
