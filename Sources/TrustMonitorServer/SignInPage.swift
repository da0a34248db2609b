import Hummingbird

/// The sign-in page: one field for an API token, in a small self-contained document (inline CSS, no script, no
/// external resource) that reads well on a phone and with a screen reader: the field has a label and focus, and
/// an error is announced (`role="alert"`) and tied to the field.
enum SignInPage {
    /// - Parameters:
    ///   - next: where to go after signing in, already checked as a same-site path.
    ///   - error: why the last attempt failed.
    static func render(next: String?, error: String? = nil) -> String {
        let hidden = next.map { "<input type=\"hidden\" name=\"next\" value=\"\(Badge.escape($0))\">" } ?? ""
        let alert = error.map { "<p class=\"error\" id=\"error\" role=\"alert\">\(Badge.escape($0))</p>" } ?? ""
        let invalid = error == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"error help\""
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sign in · TrustMonitor</title>
            <style>\(css)</style></head>
            <body><main>
            <h1>Sign in to TrustMonitor</h1>
            \(alert)
            <form method="post" action="/login">
            \(hidden)
            <label for="token">API token</label>
            <input id="token" name="token" type="password" autocomplete="current-password" spellcheck="false"
             autocapitalize="off" required autofocus\(invalid.isEmpty ? " aria-describedby=\"help\"" : invalid)>
            <button type="submit">Sign in</button>
            </form>
            <div id="help">
            <p>Paste an API token (it starts with <code>tm_</code>). Where one comes from:</p>
            <ul>
            <li>On its first start the server prints an admin token, once, to its log (standard error).</li>
            <li>An admin makes more: <code>trustmonitor tokens create NAME --scope read --config FILE</code> on the
            server, or <code>POST /api/v1/tokens</code>.</li>
            </ul>
            <p>You stay signed in for 12 hours on this browser, or until you sign out or the token is revoked.</p>
            </div>
            </main></body></html>
            """
    }

    /// The page as a response: never cached, never framed, nothing loaded from elsewhere.
    static func response(status: HTTPResponse.Status = .ok, next: String?, error: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'"
        return Response(status: status, headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: render(next: next, error: error))))
    }

    static let css = """
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f8fa}
        main{max-width:28rem;margin:0 auto;padding:2rem 1rem}
        h1{font-size:1.5rem;margin:0 0 1.25rem}
        form{display:flex;flex-direction:column;gap:.5rem;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem}
        label{font-weight:600}
        input{font:inherit;padding:.6rem;border:1px solid #8c959f;border-radius:6px;width:100%}
        input:focus,button:focus{outline:3px solid #0969da;outline-offset:1px}
        input[aria-invalid=true]{border-color:#cf222e}
        button{font:inherit;font-weight:600;padding:.6rem;border:0;border-radius:6px;background:#1f6feb;color:#fff;cursor:pointer}
        .error{color:#a40e26;background:#ffebe9;border:1px solid #ff818266;border-radius:6px;padding:.6rem;margin:0 0 1rem}
        #help{color:#424a53;font-size:.95rem}
        code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;overflow-wrap:anywhere}
        @media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}form{background:#161b22;border-color:#30363d}
        #help{color:#9da7b3}input{background:#0d1117;color:#e6edf3}.error{background:#3c1618;color:#ffb1b1}}
        """
}
