import Foundation
public import TrustMonitorLedger

/// The agent's own Ed25519 key: it signs every observation, and the server binds its public half to the
/// agent's token at registration, so a result proves which agent saw it even if the token leaks later.
///
/// Kept in the data dir as `agent.skey` (mode 0600) and reused on every start: a new key would be refused
/// (409) by a server that already knows the old one.
public enum AgentKey {
    public static let name = "trustmonitor-agent"
    public static let fileName = "agent.skey"

    /// The key in `dataDir`, created on first start. Throws when the directory cannot be made or written,
    /// or the file exists but cannot be used; the message names the path.
    public static func loadOrCreate(dataDir: String) throws(SecretKeyFileError) -> NoteSigner {
        try makeDirectory(dataDir)
        let signer = try SecretKeyFile.loadOrCreate(path: path(dataDir: dataDir)) {
            try NoteSigner.generate(name: name, type: .ed25519)
        }
        // DSSE envelopes are signed with 0x01 keys only; a witness key here would fail at the first result.
        guard signer.verifierKey.type == .ed25519 else {
            throw SecretKeyFileError("\(path(dataDir: dataDir)) holds a witness key, not an Ed25519 signing key")
        }
        return signer
    }

    public static func path(dataDir: String) -> String {
        dataDir.hasSuffix("/") ? dataDir + fileName : dataDir + "/" + fileName
    }

    /// Creates the data dir (0700: it holds the key) and proves it is writable, so an agent pointed at a
    /// wrong or read-only directory says so at start instead of running without a way to keep its key.
    static func makeDirectory(_ dataDir: String) throws(SecretKeyFileError) {
        do {
            try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw SecretKeyFileError("cannot create the data dir \(dataDir): \(error.localizedDescription)")
        }
        guard FileManager.default.isWritableFile(atPath: dataDir) else {
            throw SecretKeyFileError("the data dir \(dataDir) is not writable")
        }
    }
}
