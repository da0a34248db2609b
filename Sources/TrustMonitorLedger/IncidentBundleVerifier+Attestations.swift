import Crypto
import Foundation
import TrustMonitorCore

extension IncidentBundleVerifier {
    /// The DSSE payload type remote probes sign their observations with (see TrustMonitorAgentProtocol).
    static let observationPayloadType = "application/vnd.trustmonitor.observation+json"

    /// Every look in the report that a remote probe signed: its signature verifies with the probe's key,
    /// it names the probe and region the report says, and its digest is the one logged in the bundle's
    /// entries. One line per look; the first that fails throws.
    static func attestations(report payload: [UInt8], entries: [[String: Any]]) throws(Failure) -> [String] {
        guard let incident = try? JSONCoding.decoder().decode(Incident.self, from: Data(payload)) else { return [] }
        var logged: [String: Int] = [:]
        for entry in entries {
            let seq = entry["seq"] as? Int ?? -1
            var looks = [entry]
            looks += (entry["recoveries"] as? [[String: Any]]) ?? []
            for look in looks {
                if let digest = look["attestation_sha256"] as? String { logged[digest] = seq }
            }
        }
        var passed: [String] = []
        for verdict in incident.verifications + incident.recoveries {
            guard let attestation = verdict.attestation else { continue }
            let check = "probe \(verdict.probe)"
            guard let keyText = verdict.probeKey, let key = try? NoteVerifierKey(vkey: keyText) else {
                throw Failure(check: check, reason: "its signed observation comes without a usable key")
            }
            let payload: [UInt8]
            do {
                let envelope = try DSSEEnvelope(json: Data(attestation.utf8))
                payload = try envelope.verify(keys: [key], payloadType: observationPayloadType)
            } catch {
                throw Failure(check: check, reason: "its observation is not signed by \(key.keyLabel): \(error)")
            }
            let signed = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any]
            guard signed?["probe"] as? String == verdict.probe, signed?["region"] as? String == verdict.region else {
                throw Failure(check: check, reason: "the signed observation names another probe or region")
            }
            let digest = HexCoding.encode(SHA256.hash(data: Array(attestation.utf8)))
            guard let seq = logged[digest] else {
                throw Failure(check: check, reason: "its signed observation is not the one logged in the bundle's entries")
            }
            passed.append("\(check) (\(verdict.region ?? "?")): its \(verdict.role.rawValue) look is signed by "
                          + "\(key.keyLabel) and logged at entry \(seq)")
        }
        return passed
    }
}
