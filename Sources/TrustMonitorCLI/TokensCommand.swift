import ArgumentParser
import Foundation
import TrustMonitorCore
import TrustMonitorServer
import TrustMonitorStore

/// `trustmonitor tokens ...`: API tokens from the server's own machine, for when no admin token is at hand (the
/// first one lost, or all revoked). The API's `/api/v1/tokens` does the same with an admin token.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Create, list and revoke API tokens.",
        subcommands: [TokensCreateCommand.self, TokensListCommand.self, TokensRevokeCommand.self]
    )
}

/// `trustmonitor tokens create NAME --scope S...`: prints the token once; the server keeps its hash.
struct TokensCreateCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an API token and print it (shown once; only its hash is stored).",
        discussion: "Use it as 'Authorization: Bearer TOKEN', or sign in to the dashboard with it at /login."
    )

    @Argument(help: "Who or what holds it (A-Z a-z 0-9 . _ -); not unique.")
    var name: String

    @Option(name: .customLong("scope"), help: "read, write or admin (admin implies write, write implies read); repeatable.")
    var scopes: [String] = []

    @Option(help: "The server's config file (for its storage).")
    var config = "trustmonitor.yaml"

    func execute(output: any CommandOutput) async -> ExitStatus {
        let scopes: Set<TokenScope>
        switch TokenRequest.check(name: name, scopes: self.scopes) {
        case .failure(let problem):
            output.err("error: \(problem.message)")
            return .usage
        case .success(let checked): scopes = checked
        }
        let token = APIToken.generate()
        let result = await ConfiguredStore.withStore(config: config, output: output) { store in
            try await store.createToken(name: name, scopes: scopes, tokenHash: APIToken.hash(token), now: Date())
        }
        switch result {
        case .failure(let status): return status
        case .success(let record):
            let scopes = record.scopes.map(\.rawValue).joined(separator: " ")
            output.out("token   \(record.name) (\(record.id)), scopes \(scopes)")
            output.out("secret  \(token)")
            output.out("The secret is shown once. Use it as:")
            output.out("  curl -H \"Authorization: Bearer \(token)\" http://SERVER:PORT/api/v1/me")
            return .up
        }
    }
}

/// `trustmonitor tokens list`: every token with its scopes and history; never a secret.
struct TokensListCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List API tokens (never their secrets).")

    @Option(help: "The server's config file (for its storage).")
    var config = "trustmonitor.yaml"

    func execute(output: any CommandOutput) async -> ExitStatus {
        let result = await ConfiguredStore.withStore(config: config, output: output) { store in try await store.tokens() }
        switch result {
        case .failure(let status): return status
        case .success(let tokens):
            for token in tokens {
                let used = token.lastUsedAt.map(RFC3339.format) ?? "never"
                let state = token.revokedAt.map { "revoked \(RFC3339.format($0))" } ?? "active"
                output.out("\(token.id)\t\(token.name)\t\(token.scopes.map(\.rawValue).joined(separator: ","))\t"
                           + "created \(RFC3339.format(token.createdAt))\tlast used \(used)\t\(state)")
            }
            return .up
        }
    }
}

/// `trustmonitor tokens revoke ID`: the token stops working at once, and its dashboard sessions end.
struct TokensRevokeCommand: OutputtingCommand {
    static let configuration = CommandConfiguration(commandName: "revoke",
                                                    abstract: "Revoke an API token (see 'tokens list' for ids).")

    @Argument(help: "The token's id (tok_...).")
    var id: String

    @Option(help: "The server's config file (for its storage).")
    var config = "trustmonitor.yaml"

    func execute(output: any CommandOutput) async -> ExitStatus {
        let result = await ConfiguredStore.withStore(config: config, output: output) { store in
            try await store.revokeToken(id: id, at: Date())
        }
        switch result {
        case .failure(let status): return status
        case .success(nil):
            output.err("error: no token '\(id)' (see: trustmonitor tokens list --config \(config))")
            return .usage
        case .success(let record?):
            output.out("revoked \(record.id) (\(record.name))")
            return .up
        }
    }
}
