import NIOCore

/// One SMTP reply (RFC 5321 section 4.2): a code and its lines, a multi-line reply read whole.
struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    var code: Int
    var lines: [String]

    var text: String { lines.joined(separator: " ") }
    var description: String { "\(code) \(text)" }

    /// EHLO's keywords after the greeting line, upper-cased: `STARTTLS`, `AUTH PLAIN LOGIN`, `8BITMIME`...
    var extensions: [String] { lines.dropFirst().map { $0.uppercased() } }

    func offers(_ keyword: String) -> Bool {
        extensions.contains { $0 == keyword || $0.hasPrefix(keyword + " ") }
    }

    /// The SASL mechanisms of EHLO's `AUTH` line (and of the old `AUTH=` form some servers still send).
    var authMechanisms: Set<String> {
        var mechanisms = Set<String>()
        for line in extensions where line.hasPrefix("AUTH ") || line.hasPrefix("AUTH=") {
            mechanisms.formUnion(line.dropFirst(5).split(separator: " ").map(String.init))
        }
        return mechanisms
    }
}

/// Splits the server's bytes into replies: lines `ddd-text` continue a reply, `ddd text` (or `ddd`) ends it.
/// Lines and replies are bounded, so a misbehaving server cannot make the client buffer without end.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static let maxLineBytes = 4096
    static let maxLines = 200

    private var lines: [String] = []
    private var code: Int?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            guard view.count <= Self.maxLineBytes else { throw Malformed(description: "a reply line over 4096 bytes") }
            return .needMoreData
        }
        var bytes = buffer.readBytes(length: newline - view.startIndex + 1) ?? []
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard bytes.count >= 3, bytes.prefix(3).allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let lineCode = Int(String(decoding: bytes.prefix(3), as: UTF8.self)),
              code == nil || code == lineCode
        else {
            throw Malformed(description: "not an SMTP reply: \(String(decoding: bytes.prefix(80), as: UTF8.self))")
        }
        code = lineCode
        lines.append(bytes.count > 4 ? String(decoding: bytes.dropFirst(4), as: UTF8.self) : "")
        if bytes.count > 3, bytes[3] == UInt8(ascii: "-") {
            guard lines.count < Self.maxLines else { throw Malformed(description: "a reply of over 200 lines") }
            return .continue
        }
        context.fireChannelRead(Self.wrapInboundOut(SMTPReply(code: lineCode, lines: lines)))
        lines = []
        code = nil
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer,
                             seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
