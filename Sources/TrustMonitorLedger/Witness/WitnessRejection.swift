/// Why a witness refused to cosign, shaped so that an HTTP layer maps it 1:1 to the C2SP tlog-witness response:
/// `status`, `contentType` and `body` are exactly what to send.
///
/// Like `LedgerError`, a stable `code` (safe as a log field or metrics label, and what a log's client switches on)
/// plus a message for a person. A 409 carries the size the witness has recorded, because that is what the log
/// needs to retry: the spec makes it the whole response body.
public struct WitnessRejection: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        /// The body is not an add-checkpoint request (400).
        case malformedRequest = "malformed_request"
        /// No log with the checkpoint's origin is configured (404).
        case unknownLog = "unknown_log"
        /// No trusted log key signed the checkpoint, or a trusted key's signature fails (403).
        case unverifiedCheckpoint = "unverified_checkpoint"
        /// The old size is larger than the checkpoint's size (400).
        case oldSizeAboveCheckpoint = "old_size_above_checkpoint"
        /// The old size is not the size this witness last cosigned (409).
        case oldSizeMismatch = "old_size_mismatch"
        /// Same size as the last cosigned checkpoint, different root: a fork (409). The log signed it, so the
        /// request is evidence of misbehaviour worth keeping (the spec allows logging it).
        case rootMismatch = "root_mismatch"
        /// The consistency proof does not prove the last cosigned tree is a prefix of this one (422); signed
        /// by the log too, so also worth keeping.
        case inconsistent
        /// Signing failed: the injected clock is beyond what a cosignature can hold (500, a bug, not the log's).
        case signingFailed = "signing_failed"

        /// The HTTP status tlog-witness prescribes.
        public var status: Int {
            switch self {
            case .malformedRequest, .oldSizeAboveCheckpoint: 400
            case .unverifiedCheckpoint: 403
            case .unknownLog: 404
            case .oldSizeMismatch, .rootMismatch: 409
            case .inconsistent: 422
            case .signingFailed: 500
            }
        }
    }

    /// The content type of a 409 body, which holds only the recorded size.
    public static let sizeContentType = "text/x.tlog.size"

    public let code: Code
    public let message: String
    /// The size of the latest checkpoint the witness cosigned for the origin; set exactly when `status` is 409.
    public let knownSize: Int?

    init(_ code: Code, _ message: String) {
        precondition(code.status != 409, "a 409 rejection carries the known size")
        self.code = code
        self.message = message
        self.knownSize = nil
    }

    /// A 409: the log must retry from `knownSize`.
    static func conflict(_ code: Code, knownSize: Int, _ message: String) -> WitnessRejection {
        WitnessRejection(code: code, message: message, knownSize: knownSize)
    }

    private init(code: Code, message: String, knownSize: Int) {
        precondition(code.status == 409, "only a 409 rejection carries a known size")
        self.code = code
        self.message = message
        self.knownSize = knownSize
    }

    /// The HTTP status to answer with.
    public var status: Int { code.status }

    /// `text/x.tlog.size` for a 409, as the spec requires; plain text otherwise.
    public var contentType: String { knownSize == nil ? "text/plain; charset=utf-8" : Self.sizeContentType }

    /// The response body: the known size and a newline for a 409, else the message.
    public var body: String { "\(knownSize.map(String.init) ?? message)\n" }

    public var description: String { "\(status) \(code.rawValue): \(message)" }
}
