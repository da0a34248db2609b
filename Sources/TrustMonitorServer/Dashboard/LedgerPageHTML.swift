import Foundation
import TrustMonitorCore

/// `/dashboard/ledger` as HTML.
enum LedgerPageHTML {
    static func render(_ model: LedgerPageModel, viewer: DashboardViewer?) -> String {
        var body = "<h1>Ledger</h1>\n<p>\(model.entries) entries in the append-only log of incident events. "
            + "Anyone can fetch the <a href=\"/ledger/checkpoint\">latest checkpoint</a> and audit the log with "
            + "<code>trustmonitor verify ledger --url URL --log-key KEY</code>.</p>\n"
        if let problem = model.problem {
            body += "<p role=\"alert\">\(PageText.escape(problem))</p>"
        } else if let head = model.head {
            body += """
                <section aria-labelledby="checkpoint"><h2 id="checkpoint">Latest checkpoint</h2>
                <dl class="card"><dt>Origin</dt><dd><code>\(PageText.escape(head.origin))</code></dd>
                <dt>Tree size</dt><dd>\(head.size) entries</dd>
                <dt>Root hash</dt><dd><code>\(PageText.escape(head.rootHash))</code></dd>
                <dt>Signed</dt><dd>\(head.recordedAt.map { "<time datetime=\"\(RFC3339.format($0))\">\(PageText.minute($0))</time>" } ?? "unknown")</dd>
                <dt>Witnesses</dt><dd>\(model.witnesses) \(model.witnesses == 1 ? "cosignature" : "cosignatures")</dd></dl>
                </section>
                <section aria-labelledby="signatures"><h2 id="signatures">Signatures</h2>
                <div class="scroll"><table><thead><tr><th scope="col">Key</th><th scope="col">Kind</th>\
                <th scope="col">Signature line</th></tr></thead><tbody>\(head.signers.map(row).joined())</tbody></table></div>
                </section>
                """
        } else {
            body += "<p>No checkpoint has been signed yet: the active server signs one within seconds of the first entry.</p>"
        }
        return DashboardFrame.render(title: "Ledger", section: .ledger, viewer: viewer, body: body)
    }

    static func row(_ signer: LedgerPageModel.Signer) -> String {
        let kind: String
        switch signer.kind {
        case .log:
            kind = "The log's own signature"
        case .witness(let probe, let at, let verified):
            let who = probe.map { "by probe \(PageText.escape($0))" } ?? "by a key no probe registered"
            let when = at.map { ", cosigned \(PageText.minute($0))" } ?? ""
            kind = "Witness cosignature \(who)\(when) "
                + (verified ? DashboardFrame.stateBadge("verified", label: "Verified")
                    : DashboardFrame.stateBadge("invalid", label: probe == nil ? "Unknown key" : "Does not verify"))
        case .other:
            kind = "Another signature"
        }
        return "<tr><th scope=\"row\"><code>\(PageText.escape(signer.keyLabel))</code></th><td>\(kind)</td>"
            + "<td><code>\(PageText.escape(signer.line))</code></td></tr>"
    }
}
