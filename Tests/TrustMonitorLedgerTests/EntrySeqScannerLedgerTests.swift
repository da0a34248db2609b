import Testing
import TrustMonitorLedger

@Suite("The audit's seq scanner")
struct EntrySeqScannerLedgerTests {
    @Test("reads only the entry's own top-level seq", arguments: [
        (#"{"seq":12,"type":"incident.opened","v":1}"#, EntrySeqScanner.Result.seq(12)),
        (#"{"a":{"seq":3},"seq":4}"#, .seq(4)),
        (#"{"note":"\"seq\":9","seq":0}"#, .seq(0)),
        (#"{"list":[{"seq":1}],"seq" : 77 }"#, .seq(77)),
        (#"{"seq":"5"}"#, .noSeq),
        (#"{"seq":-1}"#, .noSeq),
        (#"{"seq":1.5}"#, .noSeq),
        (#"{"type":"x"}"#, .noSeq),
        (#"[{"seq":1}]"#, .notAnObject),
        (#"{"seq":1}{"seq":2}"#, .notAnObject),
        (#"{"seq":1}x"#, .notAnObject),
        (#"{"seq":1"#, .notAnObject),
        (#"{"seq":"1}"#, .notAnObject),
        ("", .notAnObject),
        ("seq", .notAnObject),
    ])
    func scans(entry: String, expected: EntrySeqScanner.Result) {
        #expect(EntrySeqScanner.scan(Array(entry.utf8)) == expected)
    }

    @Test("agrees with the entries the log writes")
    func agreesWithDrafts() {
        for seq in [0, 1, 255, 256, 1_000_000] {
            let draft = LedgerEntryDraft(type: "incident.verified", ts: .init(timeIntervalSince1970: 0), monitor: "m",
                                         incident: "i", fields: ["nested": .object(["seq": .int(seq + 1)]),
                                                                 "text": .string("\"seq\":\(seq + 2)")])
            #expect(EntrySeqScanner.scan(draft.bytes(seq: seq)) == .seq(seq))
        }
    }
}
