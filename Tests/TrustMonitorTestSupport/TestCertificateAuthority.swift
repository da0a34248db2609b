import Crypto
import Foundation
import X509

/// A throwaway certificate authority (P-256, self-signed) whose leaves a test server presents and
/// whose certificate a test hands to the prober as `--ca-file`, so trust is decided by the test.
///
/// ```swift
/// let ca = try TestCertificateAuthority()
/// let expired = try ca.issue(
///     notValidBefore: .now - 30 * TestCertificateAuthority.day,
///     notValidAfter: .now - TestCertificateAuthority.day
/// )
/// let server = try await TestServer.start(tls: expired, always: .ok())
/// let caFile = try ca.writeCertificatePEM()
/// ```
struct TestCertificateAuthority: Sendable {
    /// Seconds in an hour and in a day, for validity dates.
    static let hour: TimeInterval = 3600
    static let day: TimeInterval = 86_400

    let certificate: Certificate
    let certificatePEM: String
    private let privateKey: Certificate.PrivateKey

    init(commonName: String = "TrustMonitor Test CA") throws {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let name = try DistinguishedName { CommonName(commonName) }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: key.publicKey)
        }
        self.certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: Date.now - Self.day,
            notValidAfter: Date.now + 3650 * Self.day,
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: key
        )
        self.certificatePEM = try self.certificate.serializeAsPEM().pemString
        self.privateKey = key
    }

    /// A leaf signed by this CA for the given names. The defaults make a leaf for `localhost`
    /// and 127.0.0.1 valid from an hour ago for 90 days; pass other names for a wrong-host leaf
    /// and past dates for an expired one.
    func issue(
        commonName: String = "localhost",
        dnsNames: [String] = ["localhost"],
        ipAddresses: [String] = ["127.0.0.1"],
        notValidBefore: Date = .now - TestCertificateAuthority.hour,
        notValidAfter: Date = .now + 90 * TestCertificateAuthority.day
    ) throws -> TestTLSIdentity {
        try TestTLSIdentity.make(
            commonName: commonName,
            subjectAltNames: TestTLSIdentity.subjectAltNames(dnsNames: dnsNames, ipAddresses: ipAddresses),
            notValidBefore: notValidBefore,
            notValidAfter: notValidAfter,
            issuer: (self.certificate.subject, self.privateKey)
        )
    }

    /// Writes the CA certificate to a new PEM file in the temporary directory and returns its
    /// path, the form the prober's `--ca-file` takes. Each call makes a new file.
    func writeCertificatePEM(in directory: URL = FileManager.default.temporaryDirectory) throws -> String {
        let file = directory.appendingPathComponent("trustmonitor-test-ca-\(UUID().uuidString).pem")
        try Data(self.certificatePEM.utf8).write(to: file, options: .atomic)
        return file.path
    }
}
