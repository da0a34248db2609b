import Foundation
import Testing
import TrustMonitorLedger

/// Tools we did not write must accept our ledger artefacts: this suite writes a signed, cosigned log, its
/// proofs, tlog-tiles directories and a DSSE report to a temp dir and runs `Tests/interop/verify_ledger.py`,
/// which checks them with PyPI tlog-scales (and its `tlog-tiles` CLI) and securesystemslib.
///
/// `scripts/test` installs those into `.build-py/` and exports `TRUSTMONITOR_INTEROP_PYTHON`; without it the
/// suite falls back to `python3` and fails (never skips) when the libraries are missing.
@Suite("Ledger interop with independent verifiers", .serialized)
struct InteropLedgerTests {
    /// Every check `verify_ledger.py` runs; each must print `PASS <id>:` for untouched artefacts.
    static let checkIDs = [
        "vkey-key-ids", "checkpoint-log-signature", "checkpoint-cosignatures", "checkpoint-tamper-rejected",
        "inclusion-proofs", "consistency-proof", "tiles-cli", "tile-paths", "dsse-envelope",
    ]

    @Test("tlog-scales, the tlog-tiles CLI and securesystemslib accept our artefacts")
    func independentVerifiersAccept() throws {
        let fixture = try InteropFixture()
        let dir = try fixture.write(tamper: nil)
        defer { InteropPython.cleanUp(dir) }
        let result = try InteropPython.verify(dir)
        #expect(result.status == 0, "verify_ledger.py failed:\n\(result.transcript)")
        for id in Self.checkIDs {
            #expect(result.stdout.contains("PASS \(id):"), "no PASS line for \(id):\n\(result.transcript)")
        }
        #expect(!result.stdout.contains("FAIL "), "\(result.transcript)")
    }

    @Test("the independent verifiers reject tampered artefacts", arguments: InteropFixture.Tamper.allCases)
    func independentVerifiersReject(tamper: InteropFixture.Tamper) throws {
        let fixture = try InteropFixture()
        let dir = try fixture.write(tamper: tamper)
        defer { InteropPython.cleanUp(dir) }
        let result = try InteropPython.verify(dir)
        #expect(result.status == 1, "verify_ledger.py accepted a \(tamper) tamper:\n\(result.transcript)")
        for id in tamper.expectedFailures {
            #expect(result.stdout.contains("FAIL \(id):"), "\(tamper): no FAIL line for \(id):\n\(result.transcript)")
        }
        for id in Self.checkIDs where !tamper.expectedFailures.contains(id) && !tamper.mayAlsoFail.contains(id) {
            #expect(result.stdout.contains("PASS \(id):"), "\(tamper): \(id) should still pass:\n\(result.transcript)")
        }
    }
}

/// A 70-entry log with checkpoints at 40 and 70 signed by the log key and cosigned by two witnesses, plus a
/// 600-entry log for tiles that span full tiles, a partial tile and a level-1 tile.
struct InteropFixture {
    enum Tamper: String, CaseIterable, CustomTestStringConvertible {
        /// The log serves (in the proofs' entry list and in its entry bundle) different bytes for one entry.
        case entry
        /// One byte of the log's signature on the size-70 checkpoint is flipped.
        case checkpointSignature
        /// One byte of a witness's cosignature is flipped; tlog-scales only logs that, our strict pass rejects it.
        case cosignature
        /// The root hash in the signed checkpoint text is replaced (by the size-69 root), signatures kept.
        case checkpointText
        /// The DSSE payload is changed after signing.
        case dssePayload

        var testDescription: String { rawValue }

        var expectedFailures: [String] {
            switch self {
            case .entry: ["inclusion-proofs", "tiles-cli"]
            case .checkpointSignature: ["checkpoint-log-signature", "checkpoint-cosignatures"]
            case .cosignature: ["checkpoint-cosignatures"]
            case .checkpointText: ["checkpoint-log-signature", "checkpoint-cosignatures"]
            case .dssePayload: ["dsse-envelope"]
            }
        }

        /// Checks that depend on one that must fail (they need the verified size-70 checkpoint).
        var mayAlsoFail: [String] {
            switch self {
            case .checkpointSignature, .checkpointText: ["inclusion-proofs", "consistency-proof"]
            default: []
            }
        }
    }

    static let origin = "monitor.example.test/trustmonitor/ledger"
    static let tilesOrigin = "monitor.example.test/trustmonitor/ledger-tiles"
    static let sizes = (old: 40, new: 70)
    static let tamperedIndex = 17
    static let inclusion: [(index: Int, size: Int)] = [
        (0, 70), (17, 70), (39, 70), (40, 70), (63, 70), (64, 70), (69, 70), (0, 40), (17, 40), (39, 40),
    ]
    static let tilesIndexes = [0, 17, 40, 69]
    static let largeTilesIndexes = [0, 255, 256, 511, 512, 599]

    let log: NoteSigner
    let witnesses: [NoteSigner]
    let report: NoteSigner
    let tilesLog: NoteSigner
    let entries: [[UInt8]]
    let tree: MerkleTree
    let largeEntries: [[UInt8]]
    let largeTree: MerkleTree

    init() throws {
        log = try NoteSigner.generate(name: Self.origin, type: .ed25519)
        witnesses = try [
            NoteSigner.generate(name: "witness.eu-west.example.test", type: .cosignatureV1),
            NoteSigner.generate(name: "witness.us-east.example.test", type: .cosignatureV1),
        ]
        report = try NoteSigner.generate(name: "monitor.example.test/trustmonitor/reports", type: .ed25519)
        tilesLog = try NoteSigner.generate(name: Self.tilesOrigin, type: .ed25519)
        let types = ["observation", "incident.opened", "observation", "incident.verified", "incident.resolved"]
        entries = (0..<Self.sizes.new).map { seq in
            let type = types[seq % types.count]
            let incident = type.hasPrefix("incident") ? #","incident":"inc_\#(seq / 5)""# : ""
            return Array(#"{"v":1,"type":"\#(type)","ts":"2025-06-01T12:\#(String(format: "%02d", seq % 60)):00Z","monitor":"api-é","seq":\#(seq)\#(incident),"ok":\#(seq % 3 != 0)}"#.utf8)
        }
        var tree = MerkleTree()
        for entry in entries { _ = tree.append(entry: entry) }
        self.tree = tree
        largeEntries = (0..<600).map { Array(#"{"v":1,"type":"observation","seq":\#($0)}"#.utf8) }
        var largeTree = MerkleTree()
        for entry in largeEntries { _ = largeTree.append(entry: entry) }
        self.largeTree = largeTree
    }

    static func cosignTimestamp(size: Int) -> UInt64 { 1_750_000_000 + UInt64(size) }

    func signedCheckpoint(size: Int, tamper: Tamper?) throws -> String {
        let checkpoint = try Checkpoint(origin: Self.origin, size: size, rootHash: tree.rootHash(size: size))
        var logSignature = try log.sign(text: checkpoint.text)
        var cosignatures = try witnesses.map { try $0.cosign(text: checkpoint.text, timestamp: Self.cosignTimestamp(size: size)) }
        var text = checkpoint.text
        if size == Self.sizes.new {
            switch tamper {
            case .checkpointSignature: logSignature.body[logSignature.body.count - 1] ^= 0x01
            case .cosignature: cosignatures[1].body[cosignatures[1].body.count - 1] ^= 0x01
            case .checkpointText:
                let other = try Checkpoint(origin: Self.origin, size: size, rootHash: tree.rootHash(size: size - 1))
                text = other.text
            default: break
            }
        }
        return SignedNote(text: text, signatures: [logSignature] + cosignatures).serialized
    }

    /// Writes the artefacts and `manifest.json` to a fresh temp dir and returns it.
    func write(tamper: Tamper?) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("trustmonitor-interop-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)

        var served = entries
        if tamper == .entry {
            // Same length, different bytes: the bundle still parses, only the hash changes.
            served[Self.tamperedIndex] = Array(String(decoding: served[Self.tamperedIndex], as: UTF8.self)
                .replacingOccurrences(of: "\"seq\":\(Self.tamperedIndex)", with: "\"seq\":99").utf8)
            precondition(served[Self.tamperedIndex] != entries[Self.tamperedIndex])
        }

        var checkpoints: [[String: Any]] = []
        for size in [Self.sizes.old, Self.sizes.new] {
            let file = "checkpoint-\(size)"
            try write(Array(try signedCheckpoint(size: size, tamper: tamper).utf8), to: dir.appendingPathComponent(file))
            checkpoints.append([
                "file": file, "size": size, "cosign_timestamp": Self.cosignTimestamp(size: size),
                "cosigners": witnesses.map(\.name),
            ])
        }

        let inclusion: [[String: Any]] = try Self.inclusion.map { item -> [String: Any] in
            let proof = try tree.inclusionProof(index: item.index, size: item.size)
            return ["index": proof.index, "size": proof.treeSize, "hashes": proof.hashes.map(\.base64)]
        }
        let consistency = try tree.consistencyProof(from: Self.sizes.old, to: Self.sizes.new)

        // tlog-tiles: the main log at size 70 (partial tiles only) and the 600-entry log (full + partial
        // level-0 tiles, a level-1 tile, three entry bundles).
        let mainCheckpoint = try signedCheckpoint(size: Self.sizes.new, tamper: nil)
        try writeTiles(tree: tree, entries: served, size: Self.sizes.new, checkpoint: mainCheckpoint,
                       to: dir.appendingPathComponent("tiles"))
        let largeCheckpoint = try Checkpoint(origin: Self.tilesOrigin, size: largeEntries.count,
                                             rootHash: largeTree.rootHash(size: largeEntries.count))
        let largeNote = SignedNote(text: largeCheckpoint.text, signatures: [try tilesLog.sign(text: largeCheckpoint.text)])
        try writeTiles(tree: largeTree, entries: largeEntries, size: largeEntries.count,
                       checkpoint: largeNote.serialized, to: dir.appendingPathComponent("tiles-large"))

        var tilePaths: [[String: Any]] = []
        for index in [0, 1, 67, 999, 1000, 1234, 1_234_067, 1_000_000_000] {
            for width in [256, 1, 70] {
                tilePaths.append(["kind": "hash", "level": index % 3, "index": index, "width": width,
                                  "path": TilePath.hashTile(level: index % 3, index: index, width: width)])
                tilePaths.append(["kind": "entries", "index": index, "width": width,
                                  "path": TilePath.entryBundle(index: index, width: width)])
            }
        }

        let payload = Array(#"{"incident":"inc_3","monitor":"api-é","opened":"2025-06-01T12:01:00Z","resolved":"2025-06-01T12:04:00Z","entries":[15,16,18,19]}"#.utf8)
        var envelope = try DSSEEnvelope.sign(payload: payload, signer: report)
        if tamper == .dssePayload { envelope.payload[envelope.payload.count - 3] ^= 0x01 }
        try write(Array(try envelope.jsonData()), to: dir.appendingPathComponent("incident.dsse.json"))

        let manifest: [String: Any] = [
            "origin": Self.origin,
            "log_vkey": log.verifierKey.vkey,
            "witness_vkeys": witnesses.map(\.verifierKey.vkey),
            "checkpoints": checkpoints,
            "entries": served.map { Data($0).base64EncodedString() },
            "inclusion_proofs": inclusion,
            "consistency_proof": ["old_size": consistency.oldSize, "new_size": consistency.newSize,
                                  "hashes": consistency.hashes.map(\.base64)] as [String: Any],
            "tiles": [
                ["dir": "tiles", "vkey": log.verifierKey.vkey, "size": Self.sizes.new, "indexes": Self.tilesIndexes],
                ["dir": "tiles-large", "vkey": tilesLog.verifierKey.vkey, "size": largeEntries.count,
                 "indexes": Self.largeTilesIndexes, "entries": largeEntries.map { Data($0).base64EncodedString() }],
            ] as [[String: Any]],
            "tile_paths": tilePaths,
            "dsse": ["file": "incident.dsse.json", "report_vkey": report.verifierKey.vkey,
                     "payload_type": DSSE.incidentPayloadType],
        ]
        let json = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: dir.appendingPathComponent("manifest.json"))
        return dir
    }

    /// A static tlog-tiles layout: `checkpoint`, `tile/<L>/<N>[.p/<W>]`, `tile/entries/<N>[.p/<W>]`.
    private func writeTiles(tree: MerkleTree, entries: [[UInt8]], size: Int, checkpoint: String, to root: URL) throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try write(Array(checkpoint.utf8), to: root.appendingPathComponent("checkpoint"))
        var level = 0
        while size >> (8 * level) > 0 {
            let hashes = size >> (8 * level)
            for index in 0..<((hashes + TilePath.width - 1) / TilePath.width) {
                let width = MerkleTree.tileWidth(level: level, index: index, size: size)
                try write(try tree.tile(level: level, index: index, size: size),
                          to: root.appendingPathComponent(TilePath.hashTile(level: level, index: index, width: width)))
            }
            level += 1
        }
        for index in 0..<((size + TilePath.width - 1) / TilePath.width) {
            let slice = Array(entries[(index * TilePath.width)..<min(size, (index + 1) * TilePath.width)])
            try write(try EntryBundle.encode(slice),
                      to: root.appendingPathComponent(TilePath.entryBundle(index: index, width: slice.count)))
        }
    }

    private func write(_ bytes: [UInt8], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
}

/// Runs `Tests/interop/verify_ledger.py` with the interpreter `scripts/test` prepared.
enum InteropPython {
    static let environmentVariable = "TRUSTMONITOR_INTEROP_PYTHON"
    static let timeout: TimeInterval = 300

    struct VerifiersUnavailable: Error {}

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var transcript: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("interop/verify_ledger.py")
    }

    /// The interpreter command: `$TRUSTMONITOR_INTEROP_PYTHON`, else `python3` from PATH.
    static var interpreter: [String] {
        if let python = ProcessInfo.processInfo.environment[environmentVariable], !python.isEmpty {
            return [python]
        }
        return ["/usr/bin/env", "python3"]
    }

    /// Removes a test's artefact dir unless TRUSTMONITOR_INTEROP_KEEP is set (then it is left for inspection).
    static func cleanUp(_ dir: URL) {
        guard ProcessInfo.processInfo.environment["TRUSTMONITOR_INTEROP_KEEP"] == nil else { return }
        try? FileManager.default.removeItem(at: dir)
    }

    static func verify(_ dir: URL) throws -> Result {
        let result = try run(interpreter + [script.path, dir.path], in: dir)
        // 2: verify_ledger.py could not import the verifiers; 127: /usr/bin/env found no python3.
        if result.status == 2 || result.status == 127 {
            let hint = ProcessInfo.processInfo.environment[environmentVariable] == nil
                ? "\(environmentVariable) is unset and python3 lacks the verifiers; run scripts/test, or "
                    + "pip install -r Tests/interop/requirements.txt and set \(environmentVariable)"
                : "\(environmentVariable)=\(interpreter[0]) cannot run the verifiers"
            Issue.record("interop verifiers unavailable: \(hint)\n\(result.transcript)")
            throw VerifiersUnavailable()
        }
        return result
    }

    private static func run(_ arguments: [String], in dir: URL) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        // Output goes to files: pipes could fill up and block the child while we wait for it.
        let out = dir.appendingPathComponent("verify.stdout"), err = dir.appendingPathComponent("verify.stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer { try? outHandle.close(); try? errHandle.close() }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("verify_ledger.py did not finish within \(Int(timeout)) s")
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
