import Foundation

/// Who is looking at a dashboard page, for the header and for forms: the signed-in token's name and its session's
/// CSRF token (nil for a bearer token, which needs none).
struct DashboardViewer: Sendable, Equatable {
    var name: String
    var csrfToken: String?

    init(name: String, csrfToken: String?) {
        self.name = name
        self.csrfToken = csrfToken
    }

    init?(_ principal: Principal?) {
        guard let principal else { return nil }
        self.init(name: principal.name, csrfToken: principal.csrfToken)
    }

    /// The hidden field every form carries, so the server can tell the form came from its own page.
    var csrfField: String {
        csrfToken.map { "<input type=\"hidden\" name=\"csrf_token\" value=\"\(PageText.escape($0))\">" } ?? ""
    }
}

/// The frame every dashboard page shares: landmarks (header, nav, main), the navigation with the current page
/// marked for screen readers too, who is signed in and the sign-out form. Inline CSS, no script, nothing from
/// another origin, readable on a phone (tables scroll sideways inside their own box).
enum DashboardFrame {
    enum Section: String, CaseIterable {
        case monitors, probes, ledger

        var title: String {
            switch self {
            case .monitors: "Monitors"
            case .probes: "Probes"
            case .ledger: "Ledger"
            }
        }

        var path: String { self == .monitors ? "/dashboard" : "/dashboard/\(rawValue)" }
    }

    static func render(title: String, section: Section, viewer: DashboardViewer?, body: String) -> String {
        let links = Section.allCases.map { item in
            "<li><a href=\"\(item.path)\"\(item == section ? " aria-current=\"page\"" : "")>\(item.title)</a></li>"
        }.joined()
        let who = viewer.map { viewer in
            "<p class=\"who\">Signed in as <strong>\(PageText.escape(viewer.name))</strong></p>"
                + "<form method=\"post\" action=\"/logout\" class=\"inline\">\(viewer.csrfField)"
                + "<button type=\"submit\">Sign out</button></form>"
        } ?? ""
        var html = ""
        html.reserveCapacity(body.utf8.count + 4096)
        html += """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(PageText.escape(title)) · TrustMonitor</title>
            <style>\(css)</style></head>
            <body><header><p class="brand"><a href="/dashboard">TrustMonitor</a></p>
            <nav aria-label="Dashboard"><ul>\(links)</ul></nav>\(who)</header>
            <main id="main">

            """
        html += body
        html += "\n</main></body></html>\n"
        return html
    }

    /// A state as text in a coloured badge: the word carries the meaning, the colour only repeats it.
    static func stateBadge(_ state: String, label: String) -> String {
        "<span class=\"state \(PageText.escape(state))\">\(PageText.escape(label))</span>"
    }

    static let css = """
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;background:#f6f8fa}
        header{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;padding:.5rem 1rem;background:#24292f;color:#fff}
        header a{color:#fff}.brand{margin:0;font-weight:700}nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
        nav a[aria-current=page]{font-weight:700;text-decoration:underline}.who{margin:0 0 0 auto;font-size:.875rem}
        main{max-width:72rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.15rem;margin-top:1.75rem}
        a{color:#0969da}.inline{display:inline}button{font:inherit;padding:.25rem .75rem;border-radius:.375rem;border:1px solid #8c959f;background:#f6f8fa;cursor:pointer}
        .card{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:.75rem 1rem;margin:.5rem 0}
        .scroll{overflow-x:auto;background:#fff;border:1px solid #d0d7de;border-radius:.5rem}
        table{border-collapse:collapse;width:100%;font-size:.925rem}caption{text-align:left;padding:.5rem .75rem;color:#57606a}
        th,td{text-align:left;padding:.4rem .75rem;border-top:1px solid #d8dee4;vertical-align:top}th{background:#f6f8fa}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}.meta{color:#57606a;font-size:.875rem;overflow-wrap:anywhere}
        .state{display:inline-block;font-size:.8rem;padding:0 .5rem;border-radius:1rem;color:#fff;background:#6e7781;white-space:nowrap}
        .state.up,.state.pass,.state.verified,.state.delivered,.state.healthy,.state.covered{background:#1a7f37}
        .state.down,.state.fail,.state.failed,.state.invalid,.state.open,.state.impaired{background:#cf222e}
        .state.suspect,.state.pending,.state.held,.state.waiting{background:#9a6700}.state.degraded{background:#bc4c00}
        .counts{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}.counts a{display:block;padding:.25rem .75rem;background:#fff;border:1px solid #d0d7de;border-radius:.5rem;text-decoration:none;color:inherit}
        .counts a[aria-current=true]{border-color:#0969da;box-shadow:inset 0 0 0 1px #0969da}
        form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.75rem 0}form.filters label{display:flex;flex-direction:column;font-size:.875rem}
        input,select,textarea{font:inherit;padding:.25rem .4rem;border:1px solid #8c959f;border-radius:.375rem;max-width:100%}
        textarea{width:100%;box-sizing:border-box}ol.timeline{padding-left:1.25rem}ol.timeline>li{margin:.5rem 0}
        svg{display:block;width:100%;height:auto;max-height:16rem}.legend{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0;font-size:.875rem}
        .swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.25rem;vertical-align:middle;border-radius:2px}
        code,pre{font-size:.85em;overflow-wrap:anywhere;white-space:pre-wrap}
        """
}
