public import struct Foundation.Date
import Foundation
import Crypto
public import TrustMonitorCore

/// The incident report a bundle carries: the incident as JSON, made once when the incident resolves and
/// kept as those exact bytes, with its SHA-256 appended to the ledger (`incident.report`) in the same
/// transaction. The DSSE signature over it can be made later (the report key is the server's); the
/// ledger entry is what proves the report existed, unchanged, since the incident resolved.
public enum IncidentReport {
    private static let encoder: JSONEncoder = {
        let encoder = JSONCoding.encoder()
        // A report must always be writable, or the incident could never resolve: non-finite timings
        // (never expected) are written as strings rather than failing the encode.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }()

    /// The report's bytes: the incident in `JSONCoding`'s form (sorted keys, RFC 3339 times).
    public static func payload(_ incident: Incident) throws -> [UInt8] {
        Array(try encoder.encode(incident))
    }

    public static func digest(_ payload: [UInt8]) -> String {
        HexCoding.encode(SHA256.hash(data: payload))
    }
}

extension IncidentLedger {
    /// The entry that fixes a resolved incident's report in the log: its digest and payload type.
    public static func report(_ incident: Incident, payload: [UInt8], at: Date) -> LedgerEntryDraft {
        LedgerEntryDraft(
            type: "incident.report", ts: at, monitor: incident.monitor, incident: incident.id,
            fields: ["report_sha256": .string(IncidentReport.digest(payload)),
                     "payload_type": .string(DSSE.incidentPayloadType)])
    }
}
