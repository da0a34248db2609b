/// Dead Simple Signing Envelope (DSSE v1) pre-authentication encoding for incident reports.
///
/// The signature covers the payload type as well as the body, so a report cannot be replayed as another kind
/// of document, and nothing has to be canonicalized: the signed bytes are the payload bytes.
public enum DSSE {
    /// The payload type of a TrustMonitor incident report.
    public static let incidentPayloadType = "application/vnd.trustmonitor.incident+json"

    /// PAE(type, body) = "DSSEv1" SP len(type) SP type SP len(body) SP body, lengths in ASCII decimal bytes.
    public static func preAuthenticationEncoding(payloadType: String, payload: [UInt8]) -> [UInt8] {
        let type = Array(payloadType.utf8)
        return Array("DSSEv1 \(type.count) ".utf8) + type + Array(" \(payload.count) ".utf8) + payload
    }
}
