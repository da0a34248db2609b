import Foundation
public import TrustMonitorLedger
import TrustMonitorCore

/// The witness's three files in the agent's data dir, read once at start so a damaged one stops the agent
/// with exit 2 before it could cosign from a forgotten state:
///
/// - `witness.skey` (0600): its cosignature/v1 key, separate from `agent.skey` so a result-signing key and a
///   cosigning key never stand in for each other. The key's name is `<region>.witness.trustmonitor`
///   (characters a note name cannot hold become `-`): cosignature lines and `--witness` vkeys then say which
///   region vouched. Fixed when the key is made, like the log's origin.
/// - `witness-state.json`: the `WitnessState`, the latest checkpoint cosigned per origin; losing it is what
///   would let a log fork this witness, so it is replaced durably before any cosignature leaves.
/// - `log.vkey`: the log key this witness trusts, pinned from `--log-key` or the first registration.
public struct WitnessFiles: Sendable {
    public static let keyFile = "witness.skey"
    public static let stateFile = "witness-state.json"
    public static let logKeyFile = "log.vkey"

    public let signer: NoteSigner
    /// The state as read at start (empty when there was no file yet).
    public let state: WitnessState
    /// The pinned log key as read at start; nil before the first pin.
    public let pinnedLogKey: NoteVerifierKey?
    let dataDir: String

    /// The witness key, created on first start, and the state and pin as kept. Throws, naming the file,
    /// when any of them exists but cannot be used.
    public static func open(dataDir: String, region: String) throws -> WitnessFiles {
        try AgentKey.makeDirectory(dataDir)
        let keyPath = path(dataDir, keyFile)
        let signer = try SecretKeyFile.loadOrCreate(path: keyPath) {
            try NoteSigner.generate(name: keyName(region: region), type: .cosignatureV1)
        }
        guard signer.verifierKey.type == .cosignatureV1 else {
            throw SecretKeyFileError("\(keyPath) holds an Ed25519 signing key, not a witness (cosignature/v1) key")
        }
        return WitnessFiles(signer: signer, state: try readState(dataDir), pinnedLogKey: try readPin(dataDir),
                            dataDir: dataDir)
    }

    /// `<region>.witness.trustmonitor`, with anything but letters, digits, `.`, `-` and `_` replaced.
    public static func keyName(region: String) -> String {
        let safe = String(region.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" })
        return safe + ".witness.trustmonitor"
    }

    /// Replaces the state file durably; returns only once a crash can no longer undo it.
    func save(_ state: WitnessState) throws(AgentFileError) {
        let bytes: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            bytes = Array(try encoder.encode(state)) + [UInt8(ascii: "\n")]
        } catch {
            throw AgentFileError(Self.path(dataDir, Self.stateFile), "cannot encode the witness state: \(error)")
        }
        try DurableFile.replace(Self.path(dataDir, Self.stateFile), with: bytes)
    }

    /// Pins `key` as the log key to witness for.
    func pin(_ key: NoteVerifierKey) throws(AgentFileError) {
        try DurableFile.replace(Self.path(dataDir, Self.logKeyFile), with: Array((key.vkey + "\n").utf8), mode: 0o644)
    }

    static func path(_ dataDir: String, _ file: String) -> String {
        dataDir.hasSuffix("/") ? dataDir + file : dataDir + "/" + file
    }

    private static func readState(_ dataDir: String) throws(AgentFileError) -> WitnessState {
        let path = path(dataDir, stateFile)
        guard let data = try read(path) else { return WitnessState() }
        do { return try JSONDecoder().decode(WitnessState.self, from: data) } catch {
            throw AgentFileError(path, "\(path) is not a witness state this agent wrote (\(error)); a witness that "
                + "forgets what it cosigned can be forked, so restore the file rather than delete it")
        }
    }

    private static func readPin(_ dataDir: String) throws(AgentFileError) -> NoteVerifierKey? {
        let path = path(dataDir, logKeyFile)
        guard let data = try read(path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            let key = try NoteVerifierKey(vkey: text)
            guard key.type == .ed25519 else { throw LedgerError(.malformedKey, "not an Ed25519 (0x01) log key") }
            return key
        } catch {
            throw AgentFileError(path, "\(path) does not hold the log's vkey: \(error)")
        }
    }

    /// The file's bytes; nil only when there is no file.
    private static func read(_ path: String) throws(AgentFileError) -> Data? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AgentFileError(path, "cannot read \(path)")
        }
        return data
    }
}
