import Crypto
import Foundation
import NIOSSL
import X509

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a TLS test server presents: a leaf certificate and its private key, as PEM so the same
/// identity can also be handed to other tools. Make one with `TestCertificateAuthority.issue`,
/// or `selfSigned` for a leaf no CA vouches for.
struct TestTLSIdentity: Sendable {
    /// The leaf, for asserting what a prober reports (`notValidAfter`, subject, SANs).
    let certificate: Certificate
    let certificatePEM: String
    let privateKeyPEM: String

    /// A leaf signed by its own key (not a CA), which fails verification against any trust store.
    static func selfSigned(
        commonName: String = "localhost",
        dnsNames: [String] = ["localhost"],
        ipAddresses: [String] = ["127.0.0.1"],
        notValidBefore: Date = .now - TestCertificateAuthority.hour,
        notValidAfter: Date = .now + 90 * TestCertificateAuthority.day
    ) throws -> TestTLSIdentity {
        try Self.make(
            commonName: commonName,
            subjectAltNames: Self.subjectAltNames(dnsNames: dnsNames, ipAddresses: ipAddresses),
            notValidBefore: notValidBefore,
            notValidAfter: notValidAfter,
            issuer: nil
        )
    }

    /// The NIOSSL context a server uses to present this identity.
    func makeServerContext() throws -> NIOSSLContext {
        let certificate = try NIOSSLCertificate(bytes: Array(self.certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(self.privateKeyPEM.utf8), format: .pem)
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(certificate)],
            privateKey: .privateKey(key)
        )
        return try NIOSSLContext(configuration: configuration)
    }

    /// Makes a server leaf with a fresh P-256 key, signed by `issuer` or, when nil, by itself.
    /// With no SANs the leaf has no SubjectAlternativeNames extension at all (CN only).
    static func make(
        commonName: String,
        subjectAltNames: [GeneralName],
        notValidBefore: Date,
        notValidAfter: Date,
        issuer: (name: DistinguishedName, key: Certificate.PrivateKey)?
    ) throws -> TestTLSIdentity {
        let swiftCryptoKey = P256.Signing.PrivateKey()
        let key = Certificate.PrivateKey(swiftCryptoKey)
        let subject = try DistinguishedName { CommonName(commonName) }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth])
            SubjectKeyIdentifier(hash: key.publicKey)
            if !subjectAltNames.isEmpty {
                SubjectAlternativeNames(subjectAltNames)
            }
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: notValidBefore,
            notValidAfter: notValidAfter,
            issuer: issuer?.name ?? subject,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions,
            issuerPrivateKey: issuer?.key ?? key
        )
        return TestTLSIdentity(
            certificate: certificate,
            certificatePEM: try certificate.serializeAsPEM().pemString,
            privateKeyPEM: swiftCryptoKey.pemRepresentation
        )
    }

    /// DNS names and textual IPv4/IPv6 addresses as SAN entries.
    static func subjectAltNames(dnsNames: [String], ipAddresses: [String]) throws -> [GeneralName] {
        let ips = try ipAddresses.map { GeneralName.ipAddress(.init(contentBytes: try Self.addressBytes($0)[...])) }
        return dnsNames.map(GeneralName.dnsName) + ips
    }

    private static func addressBytes(_ text: String) throws -> [UInt8] {
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, text, &v4) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET6, text, &v6) == 1 { return v6 }
        throw TestTLSIdentityError.notAnIPAddress(text)
    }
}

enum TestTLSIdentityError: Error {
    case notAnIPAddress(String)
}
