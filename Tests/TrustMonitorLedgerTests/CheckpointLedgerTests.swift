import Testing
import TrustMonitorLedger

@Suite("Ledger checkpoints")
struct CheckpointLedgerTests {
    static let root = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    static let origin = "monitor.example.com/trustmonitor/ledger"

    @Test("text round trip")
    func roundTrip() throws {
        let checkpoint = try Checkpoint(origin: Self.origin, size: 20_852_163, rootHash: RFC6962.emptyRoot)
        #expect(checkpoint.text == "\(Self.origin)\n20852163\n\(Self.root)\n")
        #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
        #expect(try Checkpoint(text: "\(Self.origin)\n0\n\(Self.root)\n").size == 0)
    }

    @Test("the tlog-cosignature spec's example checkpoint parses")
    func specExample() throws {
        let text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
        let checkpoint = try Checkpoint(text: text)
        #expect(checkpoint.origin == "example.com/behind-the-sofa")
        #expect(checkpoint.size == 20_852_163)
        #expect(checkpoint.text == text)
    }

    @Test("rejected texts", arguments: [
        "o\n1\n\(root)", // no final newline
        "o\n1\n\(root)\nextension line\n", // extension line
        "o\n1\n\(root)\n\n", // empty extension line
        "o\n01\n\(root)\n", // leading zero
        "o\n+1\n\(root)\n",
        "o\n-1\n\(root)\n",
        "o\n 1\n\(root)\n",
        "o\n1.0\n\(root)\n",
        "o\n\n\(root)\n",
        "o\n99999999999999999999999\n\(root)\n", // overflows
        "o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU\n", // unpadded
        "o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=\n", // non-canonical bits
        "o\n1\n!!!!\n",
        "o\n1\nAAAA\n", // 3 bytes
        "o\n1\n\(String(repeating: "A", count: 44))\(root)\n", // too long
        "my log\n1\n\(root)\n", // space in origin
        "a+b\n1\n\(root)\n", // '+' in origin
        "\n1\n\(root)\n", // empty origin
        "o\tx\n1\n\(root)\n", // control character
        "o\n1\n",
    ])
    func rejects(text: String) {
        #expect(throws: LedgerError.self) { try Checkpoint(text: text) }
    }

    @Test("invalid origins cannot be constructed", arguments: ["", "a b", "a+b", "a\u{00A0}b", "a\nb"])
    func rejectsOrigin(origin: String) {
        #expect(throws: LedgerError.self) { try Checkpoint(origin: origin, size: 1, rootHash: RFC6962.emptyRoot) }
    }
}
