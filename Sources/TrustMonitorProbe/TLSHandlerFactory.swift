import NIOSSL

/// Creates the client TLS handler with a verification callback that only observes.
///
/// NIOSSL's only callback that sees BoringSSL's per-certificate verdict (needed to tell an expired
/// certificate from an untrusted one) is on a deprecated initializer; this file is the one place that uses
/// it, and the callback never changes a verdict, so trust decisions stay BoringSSL's.
enum TLSHandlerFactory {
    @available(*, deprecated, message: "uses NIOSSL's observing verification callback on purpose")
    private static func makeDeprecated(context: NIOSSLContext, serverHostname: String?,
                                       recorder: TLSVerificationRecorder) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: serverHostname) { result, certificate in
            recorder.observe(result, certificate)
        }
    }

    private protocol Maker { static func make(_ c: NIOSSLContext, _ h: String?, _ r: TLSVerificationRecorder) throws -> NIOSSLClientHandler }

    /// Deprecated-to-deprecated calls are silent; this enum's witness calls the deprecated maker once.
    private enum Silenced: Maker {
        @available(*, deprecated)
        static func make(_ c: NIOSSLContext, _ h: String?, _ r: TLSVerificationRecorder) throws -> NIOSSLClientHandler {
            try makeDeprecated(context: c, serverHostname: h, recorder: r)
        }
    }

    static func make(context: NIOSSLContext, serverHostname: String?,
                     recorder: TLSVerificationRecorder) throws -> NIOSSLClientHandler {
        try (Silenced.self as any Maker.Type).make(context, serverHostname, recorder)
    }
}
