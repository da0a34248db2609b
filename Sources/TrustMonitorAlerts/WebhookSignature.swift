import Crypto
public import Foundation
import TrustMonitorCore

/// The `X-TrustMonitor-Signature` header of webhook deliveries: `t=<unix seconds>,v1=<hex HMAC-SHA256>`,
/// the MAC taken with the channel's `secret` over `"<t>." + body`.
///
/// Signing the timestamp with the body lets a receiver refuse replays: a captured request stops verifying
/// once its `t` is older than the tolerance. The scheme is the one Stripe and others use, so receivers
/// often have code for it already.
public enum WebhookSignature {
    public static let headerName = "X-TrustMonitor-Signature"

    /// The header value for `body` sent at `now`.
    public static func sign(body: [UInt8], secret: String, now: Date) -> String {
        let timestamp = Int64(now.timeIntervalSince1970.rounded(.down))
        let mac = HMAC<SHA256>.authenticationCode(for: signedBytes(timestamp, body), using: key(secret))
        return "t=\(timestamp),v1=\(HexCoding.encode(mac))"
    }

    /// For receivers: whether `header` is a valid signature of exactly these body bytes with `secret`, made
    /// within `tolerance` of `now` (either side, for clock skew). Several `v1=` values are accepted (any one
    /// may match) so a secret can be rotated. The MAC comparison takes constant time.
    public static func verify(header: String, body: [UInt8], secret: String, now: Date,
                              tolerance: Duration = .seconds(300)) -> Bool {
        var timestamp: Int64?
        var macs: [[UInt8]] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return false }
            switch pair[0] {
            case "t":
                guard timestamp == nil, let value = Int64(pair[1]) else { return false }
                timestamp = value
            case "v1":
                guard let mac = HexCoding.decode(pair[1]) else { return false }
                macs.append(mac)
            default:
                continue
            }
        }
        guard let timestamp, !macs.isEmpty else { return false }
        let age = now.timeIntervalSince1970 - Double(timestamp)
        guard abs(age) <= Double(tolerance.components.seconds) else { return false }
        let signed = signedBytes(timestamp, body), key = key(secret)
        return macs.contains { HMAC<SHA256>.isValidAuthenticationCode($0, authenticating: signed, using: key) }
    }

    private static func signedBytes(_ timestamp: Int64, _ body: [UInt8]) -> [UInt8] {
        Array("\(timestamp).".utf8) + body
    }

    private static func key(_ secret: String) -> SymmetricKey {
        SymmetricKey(data: Array(secret.utf8))
    }
}
