import Foundation
import TrustMonitorAgentProtocol
import TrustMonitorCore
import TrustMonitorLedger

/// Whether a probe's look at an incident is signed, and by whom: checked here, on every view, with the key the
/// look names, and compared with the key the probe registered (and logged) when it joined.
enum LookSignature: Equatable {
    /// The server's own probe signs nothing: its looks are vouched for by the ledger alone.
    case unsigned
    /// The signature verifies with `key`, over this probe, region and observation; `registered` when that key is
    /// the one the probe registered.
    case verified(key: String, registered: Bool)
    /// Signed, but not verifiably: why.
    case invalid(String)

    /// Checks `verdict`'s attestation; `registeredKeys` are the probes' registered keys (vkeys) by probe name.
    static func check(_ verdict: ProbeVerdict, registeredKeys: [String: String]) -> LookSignature {
        guard let attestation = verdict.attestation else { return .unsigned }
        guard let keyText = verdict.probeKey, let key = try? NoteVerifierKey(vkey: keyText) else {
            return .invalid("it names no usable key")
        }
        let signed: SignedObservation
        do {
            signed = try SignedObservation.open(try DSSEEnvelope(json: Data(attestation.utf8)), key: key)
        } catch {
            return .invalid("the signature does not verify with \(key.keyLabel): \(error)")
        }
        guard signed.probe == verdict.probe, signed.region == verdict.region else {
            return .invalid("the signed observation names probe \(signed.probe) in \(signed.region)")
        }
        return .verified(key: key.keyLabel, registered: registeredKeys[verdict.probe] == keyText)
    }
}
