import Foundation
import TrustMonitorCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends alert requests over one URLSession. Foundation's client rather than the prober's NIO connections:
/// alerts are few and small, and checks' timings stay free of them.
///
/// Redirects are not followed: an alert (its body, its signature, a bearer token) goes to the configured
/// receiver or nowhere, and the 3xx comes back as a refusal that names the status.
///
/// The timeout is the session's whole-request limit, the attempt's one deadline. A cancelled caller is not
/// answered early: cancelling URLSession tasks is what traps on Linux (see the agent's
/// `URLSession.dataAbandoningOnCancel`), and the timeout bounds the wait anyway.
final class HTTPTransport: Sendable {
    enum Failure: Error, Equatable {
        /// No answer: the connection, TLS or the timeout. Worth another try.
        case unanswered(String)
        /// The request cannot be sent as rendered (a URL Foundation does not take).
        case unsendable(String)
    }

    private let session: URLSession

    init(timeout: Duration) {
        // Whole seconds, rounded up: URLSession on Linux drops the fraction (0.5 s would time out at once).
        let seconds = max(1, (Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
            .rounded(.up))
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = seconds
        configuration.timeoutIntervalForResource = seconds
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    func send(_ request: AlertRequest) async -> Result<HTTPAnswer, Failure> {
        guard let url = URL(string: request.url), url.scheme == "http" || url.scheme == "https" else {
            return .failure(.unsendable("not an http(s) URL"))
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        for header in request.headers { urlRequest.addValue(header.value, forHTTPHeaderField: header.name) }
        urlRequest.setValue("trustmonitor", forHTTPHeaderField: "User-Agent")
        urlRequest.httpBody = Data(request.body)
        return await withCheckedContinuation { continuation in
            session.dataTask(with: urlRequest) { data, response, error in
                guard let response = response as? HTTPURLResponse, error == nil else {
                    continuation.resume(returning: .failure(.unanswered(Self.describe(error))))
                    return
                }
                let answer = HTTPAnswer(status: response.statusCode,
                                        retryAfter: response.value(forHTTPHeaderField: "Retry-After"),
                                        body: Array(data ?? Data()))
                continuation.resume(returning: .success(answer))
            }.resume()
        }
    }

    /// Words for why there was no answer. Never the error's own description: on some platforms it
    /// carries the URL, which may be a credential.
    private static func describe(_ error: (any Error)?) -> String {
        guard let error = error as? URLError else { return "no HTTP answer" }
        switch error.code {
        case .timedOut: return "no answer within the timeout"
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "host not found"
        case .networkConnectionLost: return "connection lost"
        case .notConnectedToInternet: return "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            return "TLS failed (\(error.code.rawValue))"
        case .badServerResponse: return "a response that is not HTTP"
        default: return "no answer (URL error \(error.code.rawValue))"
        }
    }
}

/// Answers every redirect with "do not follow", so the 3xx itself is the answer.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
