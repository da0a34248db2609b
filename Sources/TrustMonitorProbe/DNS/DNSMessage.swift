/// The two record types a host lookup asks for, with their wire values (RFC 1035, RFC 3596).
enum DNSRecordType: UInt16, Sendable {
    case a = 1
    case aaaa = 28
}

/// The bytes of a stub resolver's DNS exchange: one query out, one response in. Pure (no I/O, no randomness)
/// so every malformed-packet case can be tested with hand-built byte arrays instead of a live server.
enum DNSMessage {
    /// What the prober needs from a response; everything else in it is read only to find where things are.
    struct Response: Sendable, Equatable {
        let id: UInt16
        /// The RCODE: 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED, ...
        let rcode: UInt8
        /// The A and AAAA records of the answer section in order, CNAME and other records left out.
        let addresses: [AddressRecord]
    }

    /// One A or AAAA answer. The owner name is kept so a test can see a CNAME chain was followed correctly.
    struct AddressRecord: Sendable, Equatable {
        let name: String
        /// 4 bytes for A, 16 for AAAA, in network order.
        let bytes: [UInt8]
    }

    /// Why a response cannot be used. A value, not a crash: the bytes come from the network.
    enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The message ends before the field named here.
        case endOfMessage(reading: String)
        case idMismatch(expected: UInt16, received: UInt16)
        case notAResponse
        /// TC set: the answer did not fit in UDP and this stub does not retry over TCP.
        case truncatedResponse
        case compressionLoop
        case invalidLabelType(UInt8)
        case nameTooLong
        case invalidRecordLength(type: UInt16, length: Int)

        var description: String {
            switch self {
            case .endOfMessage(let field): "message ends inside the \(field)"
            case .idMismatch(let expected, let received): "ID \(received) does not match query ID \(expected)"
            case .notAResponse: "the QR bit is not set"
            case .truncatedResponse: "the response is truncated (TC) and DNS over TCP is not supported"
            case .compressionLoop: "a name compression pointer does not point backwards"
            case .invalidLabelType(let byte): "unknown label type 0x\(String(byte, radix: 16))"
            case .nameTooLong: "a name is longer than 255 bytes"
            case .invalidRecordLength(let type, let length):
                "a type \(type) record has \(length) bytes of data"
            }
        }
    }

    static let headerLength = 12
    private static let classIN: UInt16 = 1

    /// A standard query with recursion desired and one question, as every stub resolver sends. No EDNS: the
    /// answers a monitor needs (a few addresses) fit in the classic 512-byte UDP response.
    static func query(id: UInt16, name: DNSName, type: DNSRecordType) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerLength + 4 + 255)
        bytes.append(uint16: id)
        bytes.append(uint16: 0x0100)  // QR=0, OPCODE=QUERY, RD=1.
        bytes.append(uint16: 1)  // QDCOUNT
        bytes.append(uint16: 0)  // ANCOUNT
        bytes.append(uint16: 0)  // NSCOUNT
        bytes.append(uint16: 0)  // ARCOUNT
        bytes.append(contentsOf: name.wireFormat)
        bytes.append(uint16: type.rawValue)
        bytes.append(uint16: classIN)
        return bytes
    }

    /// The ID of a message, or nil if it is too short to have one; lets a resolver match a response to its
    /// query before parsing it.
    static func id(of bytes: [UInt8]) -> UInt16? {
        bytes.count >= 2 ? UInt16(bytes[0]) << 8 | UInt16(bytes[1]) : nil
    }

    /// Parses the response to the query with `expectedID`. Only NOERROR responses have their answers read:
    /// an error RCODE is the whole answer, whatever follows it.
    static func parseResponse(_ bytes: [UInt8], expectedID: UInt16) throws(ParseError) -> Response {
        var reader = DNSReader(bytes)
        let id = try reader.readUInt16("header")
        guard id == expectedID else { throw .idMismatch(expected: expectedID, received: id) }
        let flags = try reader.readUInt16("header")
        guard flags & 0x8000 != 0 else { throw .notAResponse }
        guard flags & 0x0200 == 0 else { throw .truncatedResponse }
        let rcode = UInt8(flags & 0x000F)
        let questionCount = try reader.readUInt16("header")
        let answerCount = try reader.readUInt16("header")
        try reader.skip(4, "header")  // NSCOUNT, ARCOUNT: authority and additional sections are not read.
        guard rcode == 0 else { return Response(id: id, rcode: rcode, addresses: []) }

        for _ in 0..<questionCount {
            _ = try reader.readName()
            try reader.skip(4, "question")  // QTYPE, QCLASS
        }
        var addresses: [AddressRecord] = []
        for _ in 0..<answerCount {
            if let record = try readAddressRecord(&reader) { addresses.append(record) }
        }
        return Response(id: id, rcode: rcode, addresses: addresses)
    }

    /// Reads one resource record; returns it if it is an A or AAAA record of class IN.
    private static func readAddressRecord(_ reader: inout DNSReader) throws(ParseError) -> AddressRecord? {
        let name = try reader.readName()
        let type = try reader.readUInt16("answer record")
        let recordClass = try reader.readUInt16("answer record")
        try reader.skip(4, "answer record")  // TTL: a check resolves afresh every time, so it is not kept.
        let length = Int(try reader.readUInt16("answer record"))
        let data = try reader.readBytes(length, "answer record data")
        guard recordClass == classIN else { return nil }
        switch type {
        case DNSRecordType.a.rawValue, DNSRecordType.aaaa.rawValue:
            let expected = type == DNSRecordType.a.rawValue ? 4 : 16
            guard length == expected else { throw .invalidRecordLength(type: type, length: length) }
            return AddressRecord(name: name, bytes: data)
        default:
            return nil  // CNAME, RRSIG, ...: the addresses that follow a CNAME chain are all that is needed.
        }
    }

    /// A name for an RCODE in failure messages, as `dig` prints it.
    static func rcodeName(_ rcode: UInt8) -> String {
        switch rcode {
        case 0: "NOERROR"
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        default: "RCODE \(rcode)"
        }
    }
}

fileprivate extension [UInt8] {
    /// Appends in network byte order, as every DNS field is.
    mutating func append(uint16 value: UInt16) {
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }
}
