import Foundation
import Testing
import TrustMonitorLedger

@Suite("Ledger DSSE reports")
struct DSSELedgerTests {
    @Test("PAE bytes", arguments: [
        (type: "http://example.com/HelloWorld", body: "hello world",
         pae: "DSSEv1 29 http://example.com/HelloWorld 11 hello world"), // the DSSE spec's protocol example
        (type: "", body: "", pae: "DSSEv1 0  0 "),
        (type: "application/vnd.trustmonitor.incident+json", body: "{\"a\":\"é\"}",
         pae: "DSSEv1 42 application/vnd.trustmonitor.incident+json 10 {\"a\":\"é\"}"), // byte lengths
    ])
    func pae(type: String, body: String, pae: String) {
        #expect(DSSE.preAuthenticationEncoding(payloadType: type, payload: Array(body.utf8)) == Array(pae.utf8))
    }

    @Test("sign, encode, decode, verify; tampering rejected")
    func roundTrip() throws {
        let signer = try NoteSigner.generate(name: "monitor.example.com/trustmonitor/reports", type: .ed25519)
        let payload = Array(#"{"incident":"inc_1","monitor":"api"}"#.utf8)
        let envelope = try DSSEEnvelope.sign(payload: payload, signer: signer)
        let json = try envelope.jsonData()
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["payloadType"] as? String == "application/vnd.trustmonitor.incident+json")
        #expect(object["payload"] as? String == Data(payload).base64EncodedString())
        let signatures = try #require(object["signatures"] as? [[String: String]])
        #expect(signatures.first?["keyid"] == signer.verifierKey.keyLabel)

        let decoded = try DSSEEnvelope(json: json)
        #expect(decoded == envelope)
        #expect(try decoded.verify(keys: [signer.verifierKey]) == payload)

        var tampered = decoded
        tampered.payload[3] ^= 1
        #expect(throws: LedgerError.self) { try tampered.verify(keys: [signer.verifierKey]) }

        var retyped = decoded
        retyped.payloadType = "application/json"
        #expect(throws: LedgerError.self) {
            try retyped.verify(keys: [signer.verifierKey], payloadType: "application/json")
        }

        let other = try NoteSigner.generate(name: "someone.else", type: .ed25519)
        #expect(throws: LedgerError.self) { try decoded.verify(keys: [other.verifierKey]) }
        #expect(throws: LedgerError.self) { try DSSEEnvelope(json: Data("{\"payload\":\"!\"}".utf8)) }
    }
}
