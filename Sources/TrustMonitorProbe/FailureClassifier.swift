import NIOCore
import NIOHTTP1
import NIOSSL
import TrustMonitorCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Names what went wrong on a connection, from the error and the phase the exchange was in.
///
/// The same error means different things in different phases (a close before the TLS handshake is done is a
/// handshake failure, after the response head it is a reset), so the phase is always part of the verdict.
enum FailureClassifier {
    static func classify(_ error: any Error, phase: HopHandler.Phase, host: String,
                         tls: TLSVerificationRecorder?) -> Failure {
        if let ssl = error as? NIOSSLExtraError, ssl == .failedToValidateHostname {
            let names = tls?.leafCertificateInfo?.dnsNames.joined(separator: ", ") ?? "unknown"
            return Failure(.certificateInvalid, "certificate is not valid for \(host) (it names: \(names))")
        }
        if let ssl = error as? NIOSSLError {
            switch ssl {
            case .handshakeFailed(let stack):
                if let tls, tls.sawVerificationFailure { return tls.verificationFailure() }
                return Failure(.tlsHandshakeFailed, "TLS handshake failed: \(describe(stack))")
            case .uncleanShutdown:
                return closedEarly(phase: phase, tls: tls)
            default:
                return phase == .handshaking
                    ? Failure(.tlsHandshakeFailed, "TLS handshake failed: \(ssl)")
                    : Failure(.protocolError, "TLS error: \(ssl)")
            }
        }
        if let parser = error as? HTTPParserError {
            if parser == .invalidEOFState { return closedEarly(phase: phase, tls: tls) }
            return Failure(.protocolError, "malformed HTTP response (\(parser))")
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNRESET, EPIPE:
                if phase == .handshaking { return Failure(.tlsHandshakeFailed, "connection reset during TLS handshake") }
                return Failure(.connectionReset, "connection reset by peer \(phaseText(phase))")
            case ECONNREFUSED:
                return Failure(.connectRefused, "connection refused")
            case ETIMEDOUT:
                return phase == .connecting
                    ? Failure(.connectTimeout, "connect timed out") : Failure(.readTimeout, "read timed out")
            default:
                return Failure(.connectionReset, "\(io) \(phaseText(phase))")
            }
        }
        if let channel = error as? ChannelError, case .connectTimeout(let amount) = channel {
            return Failure(.connectTimeout, "no TCP connection within \(amount.nanoseconds / 1_000_000) ms")
        }
        return Failure(phase == .handshaking ? .tlsHandshakeFailed : .protocolError, "\(error)")
    }

    /// The peer closed the connection before the exchange was complete.
    static func closedEarly(phase: HopHandler.Phase, tls: TLSVerificationRecorder?) -> Failure {
        switch phase {
        case .handshaking:
            if let tls, tls.sawVerificationFailure { return tls.verificationFailure() }
            return Failure(.tlsHandshakeFailed, "connection closed during the TLS handshake")
        case .connecting, .awaitingHead:
            return Failure(.connectionReset, "connection closed before a response arrived")
        case .readingBody:
            return Failure(.connectionReset, "connection closed before the response body was complete")
        case .finished:
            return Failure(.connectionReset, "connection closed")
        }
    }

    static func timedOut(phase: HopHandler.Phase, after limit: String) -> Failure {
        switch phase {
        case .connecting: return Failure(.connectTimeout, "no TCP connection within \(limit)")
        case .handshaking: return Failure(.tlsHandshakeFailed, "TLS handshake not done within \(limit)")
        case .awaitingHead, .finished: return Failure(.readTimeout, "no response head within \(limit)")
        case .readingBody: return Failure(.readTimeout, "response body not complete within \(limit)")
        }
    }

    private static func phaseText(_ phase: HopHandler.Phase) -> String {
        switch phase {
        case .connecting: return "while connecting"
        case .handshaking: return "during the TLS handshake"
        case .awaitingHead: return "before the response head"
        case .readingBody: return "while reading the body"
        case .finished: return ""
        }
    }

    /// BoringSSL's reasons without the numeric prefixes: "WRONG_VERSION_NUMBER".
    private static func describe(_ error: BoringSSLError) -> String {
        let text = "\(error)"
        let reasons = text.split(separator: ":").filter { $0.uppercased() == $0 && $0.contains("_") }
        return reasons.isEmpty ? text : reasons.map { String($0).trimmingCharacters(in: " ]") }.joined(separator: ", ")
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
