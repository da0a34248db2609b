import Foundation
import TrustMonitorConfig
import TrustMonitorServer
import TrustMonitorStore

/// The first start's admin token: with no token in the store nobody could use the API or sign in, so the server
/// makes one, `admin` with the admin scope, and prints it once, or keeps the one the operator chose in
/// `TRUSTMONITOR_ADMIN_TOKEN` without printing it. Later starts find a token and do nothing.
enum AdminBootstrap {
    static let environmentKey = "TRUSTMONITOR_ADMIN_TOKEN"
    static let name = "admin"

    enum Secret: Sendable {
        /// Made here and printed once.
        case generate
        /// The operator's (`TRUSTMONITOR_ADMIN_TOKEN`): kept, never printed.
        case chosen(String)
        /// The demo's, which it prints itself: kept even when tokens exist, as `demo`, so its hints always work.
        case always(String)
    }

    /// The secret the environment chooses: `.generate` when unset, a usage problem when it is not a token.
    static func secret(in environment: [String: String]) -> Result<Secret, UsageError> {
        guard let text = environment[environmentKey] else { return .success(.generate) }
        guard APIToken.isWellFormed(text) else {
            return .failure(UsageError("\(environmentKey) must be an API token: tm_ and 43 characters of A-Z a-z 0-9 - _ "
                                       + "(make one with: printf 'tm_%s\\n' \"$(head -c 32 /dev/urandom | base64 | "
                                       + "tr '+/' '-_' | tr -d '=')\")"))
        }
        return .success(.chosen(text))
    }

    /// Keeps the admin token if the store has none; says so on `output` (standard error), with the secret only
    /// when it was made here.
    static func run(_ secret: Secret, store: any Store, settings: ServerSettings, output: any CommandOutput) async throws {
        let signIn = signInURL(settings)
        switch secret {
        case .always(let token):
            if try await store.token(hash: APIToken.hash(token)) == nil {
                _ = try await store.createToken(name: "demo", scopes: [.admin], tokenHash: APIToken.hash(token),
                                                now: Date())
            }
        case .chosen(let token):
            guard let record = try await store.createInitialAdminToken(name: name, tokenHash: APIToken.hash(token),
                                                                       now: Date()) else { return }
            output.err("trustmonitor: kept the first admin token, '\(record.name)' (\(record.id)), from \(environmentKey); "
                       + "sign in at \(signIn)")
        case .generate:
            let token = APIToken.generate()
            guard let record = try await store.createInitialAdminToken(name: name, tokenHash: APIToken.hash(token),
                                                                       now: Date()) else { return }
            output.err("""
                trustmonitor: created the first admin token, '\(record.name)' (\(record.id)). It is shown this once and \
                will not be shown again; keep it somewhere safe:

                    \(token)

                  Sign in at \(signIn), or call the API with: curl -H "Authorization: Bearer \(token)" ...
                  Lost it? On the server: trustmonitor tokens create NAME --scope admin --config FILE
                """)
        }
    }

    /// Where people sign in: the public URL when configured, else the listening address (a wildcard one read as
    /// this machine).
    static func signInURL(_ settings: ServerSettings) -> String {
        if let base = settings.publicURL {
            return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/login"
        }
        var host = settings.listenHost
        if ["", "0.0.0.0", "::", "*"].contains(host) { host = "localhost" }
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        return "http://\(host):\(settings.listenPort)/login"
    }
}
