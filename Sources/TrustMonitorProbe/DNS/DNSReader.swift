/// A bounds-checked cursor over a received DNS message. Every read checks the length first and throws
/// instead of trapping, because the bytes come from whoever answered the UDP port.
struct DNSReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func readUInt16(_ field: String) throws(DNSMessage.ParseError) -> UInt16 {
        let pair = try readBytes(2, field)
        return UInt16(pair[0]) << 8 | UInt16(pair[1])  // readBytes returned exactly 2 bytes.
    }

    mutating func readBytes(_ count: Int, _ field: String) throws(DNSMessage.ParseError) -> [UInt8] {
        guard count <= bytes.count - offset else { throw .endOfMessage(reading: field) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func skip(_ count: Int, _ field: String) throws(DNSMessage.ParseError) {
        guard count <= bytes.count - offset else { throw .endOfMessage(reading: field) }
        offset += count
    }

    /// Reads a possibly compressed name (RFC 1035 4.1.4) and leaves the cursor after it.
    ///
    /// A compression pointer must point before the start of the name part that contains it. Real encoders
    /// only ever point back at names already written, and the rule makes every jump go strictly backwards, so
    /// a hostile message cannot make this loop, whatever its pointers say.
    mutating func readName() throws(DNSMessage.ParseError) -> String {
        var labels: [String] = []
        var position = offset
        var partStart = offset  // Where the part being read began: the name itself or the last jump target.
        var resumeAt: Int?  // Just after the first pointer: where the enclosing record continues.
        var wireLength = 1  // The root label.

        while true {
            guard position < bytes.count else { throw .endOfMessage(reading: "name") }
            let length = Int(bytes[position])
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    offset = resumeAt ?? position + 1
                    return labels.joined(separator: ".")
                }
                guard length < bytes.count - position else { throw .endOfMessage(reading: "name") }
                wireLength += length + 1
                guard wireLength <= 255 else { throw .nameTooLong }
                labels.append(String(decoding: bytes[position + 1...position + length], as: UTF8.self))
                position += length + 1
            case 0xC0:
                guard position + 1 < bytes.count else { throw .endOfMessage(reading: "name pointer") }
                let target = (length & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < partStart else { throw .compressionLoop }
                resumeAt = resumeAt ?? position + 2
                position = target
                partStart = target
            default:
                throw .invalidLabelType(UInt8(length & 0xC0))  // 0x40 and 0x80 are reserved (RFC 6891).
            }
        }
    }
}
