import NIOSSL
import TrustMonitorCore
import X509

import struct Foundation.Date

/// Watches certificate verification so a failed handshake can be named precisely.
///
/// BoringSSL reports every verification failure as the same `CERTIFICATE_VERIFY_FAILED`; the verification
/// callback sees each certificate with its verdict, so we keep them and later tell `certificate_expired`
/// from `certificate_invalid`. It never changes a verdict. Confined to the channel's event loop.
final class TLSVerificationRecorder {
    private(set) var failedCertificates: [NIOSSLCertificate] = []
    /// The last certificate the callback saw: BoringSSL walks the chain from the root down to the leaf.
    private(set) var leaf: NIOSSLCertificate?
    private let now: () -> Date

    init(now: @escaping () -> Date = Date.init) {
        self.now = now
    }

    /// The callback to install; passes BoringSSL's verdict through unchanged.
    func observe(_ result: NIOSSLVerificationResult, _ certificate: NIOSSLCertificate) -> NIOSSLVerificationResult {
        leaf = certificate
        if result == .failed { failedCertificates.append(certificate) }
        return result
    }

    var sawVerificationFailure: Bool { !failedCertificates.isEmpty }

    /// The failure a rejected chain is: expired when a certificate in it is past its notAfter (or before its
    /// notBefore, which is invalid), otherwise an untrusted chain.
    func verificationFailure() -> Failure {
        let nowSeconds = Int(now().timeIntervalSince1970)
        if let expired = failedCertificates.first(where: { Int($0.notValidAfter) < nowSeconds }) {
            let when = RFC3339.format(Date(timeIntervalSince1970: Double(expired.notValidAfter)))
            let name = Self.info(expired)?.subject ?? "the server's certificate"
            return Failure(.certificateExpired, "certificate \(name) expired at \(when)")
        }
        if let early = failedCertificates.first(where: { Int($0.notValidBefore) > nowSeconds }) {
            let when = RFC3339.format(Date(timeIntervalSince1970: Double(early.notValidBefore)))
            return Failure(.certificateInvalid, "certificate not valid before \(when)")
        }
        let issuer = leaf.flatMap(Self.info)?.issuer ?? "unknown issuer"
        return Failure(.certificateInvalid, "certificate chain not trusted (issuer: \(issuer))")
    }

    var leafCertificateInfo: CertificateInfo? { leaf.flatMap(Self.info) }

    /// Parses the parts monitoring shows with swift-certificates; nil if the DER does not parse.
    static func info(_ certificate: NIOSSLCertificate) -> CertificateInfo? {
        guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else {
            return nil
        }
        var names: [String] = []
        if let san = try? parsed.extensions.subjectAlternativeNames {
            for name in san {
                switch name {
                case .dnsName(let dns): names.append(dns)
                case .ipAddress(let bytes): names.append(Self.ipText(Array(bytes.bytes)))
                default: continue
                }
            }
        }
        return CertificateInfo(
            subject: parsed.subject.description, issuer: parsed.issuer.description,
            notBefore: Date(timeIntervalSince1970: Double(certificate.notValidBefore)),
            notAfter: Date(timeIntervalSince1970: Double(certificate.notValidAfter)), dnsNames: names)
    }

    private static func ipText(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: bytes.count, by: 2).map { i in
            String(UInt16(bytes[i]) << 8 | UInt16(bytes[min(i + 1, bytes.count - 1)]), radix: 16)
        }.joined(separator: ":")
    }
}
