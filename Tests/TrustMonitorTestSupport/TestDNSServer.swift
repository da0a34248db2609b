import NIOCore
import NIOPosix

/// A real DNS server on 127.0.0.1 (port chosen by the kernel) that answers from a fixed table, so resolver
/// tests exercise real UDP sockets, retransmits and timeouts without touching the network. It encodes its
/// answers by itself rather than with `DNSMessage`, so a parser bug cannot hide behind a matching encoder bug.
final class TestDNSServer: Sendable {
    /// What the server answers, by lower-case name without a trailing dot.
    struct Zone: Sendable {
        /// IP literals: IPv4 ones answer A queries, IPv6 ones AAAA queries.
        var addresses: [String: [String]] = [:]
        /// CNAME records: the answer holds the chain, then the addresses of its last name.
        var aliases: [String: String] = [:]
        var nxdomain: Set<String> = []
        var servfail: Set<String> = []
        var refused: Set<String> = []
        /// Never answered, to make a resolver time out.
        var unanswered: Set<String> = []
        /// Answered with the right ID but an answer whose name is a compression pointer to itself.
        var malformed: Set<String> = []
        /// Answered first with a wrong ID carrying 203.0.113.66, then properly: the first must be ignored.
        var forgedFirst: Set<String> = []
    }

    /// Where to send queries: 127.0.0.1 and the bound port.
    let address: SocketAddress
    private let channel: any Channel
    private let log: NIOLoopBound<QueryLog>

    private init(address: SocketAddress, channel: any Channel, log: NIOLoopBound<QueryLog>) {
        self.address = address
        self.channel = channel
        self.log = log
    }

    static func start(_ zone: Zone, group: any EventLoopGroup) async throws -> TestDNSServer {
        let loop = group.next()
        let log = try await loop.submit { NIOLoopBound(QueryLog(), eventLoop: loop) }.get()
        let channel = try await DatagramBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(zone: zone, log: log))
                }
            }
            .bind(to: SocketAddress(ipAddress: "127.0.0.1", port: 0))
            .get()
        guard let address = channel.localAddress else { throw NotBound() }
        return TestDNSServer(address: address, channel: channel, log: log)
    }

    /// How many datagrams arrived, answered or not.
    func queryCount() async throws -> Int {
        let log = self.log
        return try await channel.eventLoop.submit { log.value.count }.get()
    }

    func stop() async throws {
        try await channel.close()
    }

    struct NotBound: Error {}

    /// Counts queries; only touched on the server's event loop (through `NIOLoopBound`).
    final class QueryLog {
        var count = 0
        /// Queries for `forgedFirst` names, held until both (A and AAAA) have arrived.
        var held: [String: [Query]] = [:]
    }
}

extension TestDNSServer {
    /// Parses each query and sends what the zone says, as 0, 1 or 2 datagrams.
    final class Handler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>

        private let zone: Zone
        private let log: NIOLoopBound<QueryLog>

        init(zone: Zone, log: NIOLoopBound<QueryLog>) {
            self.zone = zone
            self.log = log
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = Self.unwrapInboundIn(data)
            log.value.count += 1
            guard let query = Query(Array(envelope.data.readableBytesView)) else { return }
            for packet in answers(to: query, log: log.value) {
                let reply = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: ByteBuffer(bytes: packet))
                context.writeAndFlush(Self.wrapOutboundOut(reply), promise: nil)
            }
        }

        private func answers(to query: Query, log: QueryLog) -> [[UInt8]] {
            let name = query.name
            if zone.unanswered.contains(name) { return [] }
            if zone.nxdomain.contains(name) { return [query.reply(rcode: 3)] }
            if zone.servfail.contains(name) { return [query.reply(rcode: 2)] }
            if zone.refused.contains(name) { return [query.reply(rcode: 5)] }
            if zone.malformed.contains(name) { return [query.selfPointingAnswer()] }
            let real = query.reply(rcode: 0, records: records(for: query))
            guard zone.forgedFirst.contains(name) else { return [real] }
            // Held until both queries are in, so the forged ID can differ from both real IDs.
            let held = (log.held[name] ?? []) + [query]
            guard held.count >= 2 else {
                log.held[name] = held
                return []
            }
            log.held[name] = nil
            var forgedID = query.id &+ 1
            while held.contains(where: { $0.id == forgedID }) { forgedID &+= 1 }
            let forged = Query(id: forgedID, name: name, type: 1)
            let forgedReply = forged.reply(rcode: 0, records: [Record(owner: name, type: 1, data: [203, 0, 113, 66])])
            return [forgedReply] + held.map { $0.reply(rcode: 0, records: records(for: $0)) }
        }

        /// The CNAME chain from the queried name, then the final name's addresses of the queried type.
        private func records(for query: Query) -> [Record] {
            var records: [Record] = []
            var current = query.name
            while let target = zone.aliases[current], records.count < 8 {
                records.append(Record(owner: current, type: 5, target: target))
                current = target
            }
            for literal in zone.addresses[current] ?? [] {
                guard let bytes = Self.packed(literal), bytes.count == (query.type == 28 ? 16 : 4) else { continue }
                records.append(Record(owner: current, type: query.type, data: bytes))
            }
            return records
        }

        /// The network-order bytes of an IP literal; nil if it is not one.
        private static func packed(_ literal: String) -> [UInt8]? {
            switch try? SocketAddress(ipAddress: literal, port: 0) {
            case .v4(let address)?: withUnsafeBytes(of: address.address.sin_addr) { Array($0) }
            case .v6(let address)?: withUnsafeBytes(of: address.address.sin6_addr) { Array($0) }
            default: nil
            }
        }
    }

    /// The part of a query the server needs, and the responses to it.
    struct Query {
        let id: UInt16
        /// Lower-cased, without a trailing dot.
        let name: String
        let type: UInt16

        init(id: UInt16, name: String, type: UInt16) {
            self.id = id
            self.name = name
            self.type = type
        }

        /// Parses a query with an uncompressed question (what every stub resolver sends); nil for anything else.
        init?(_ bytes: [UInt8]) {
            guard bytes.count > 12, bytes[2] & 0x80 == 0 else { return nil }
            var labels: [String] = []
            var position = 12
            while position < bytes.count, bytes[position] != 0 {
                let length = Int(bytes[position])
                guard length < 64, position + length < bytes.count else { return nil }
                labels.append(String(decoding: bytes[position + 1...position + length], as: UTF8.self).lowercased())
                position += length + 1
            }
            guard position + 5 <= bytes.count else { return nil }  // The root label, QTYPE, QCLASS.
            self.init(
                id: UInt16(bytes[0]) << 8 | UInt16(bytes[1]), name: labels.joined(separator: "."),
                type: UInt16(bytes[position + 1]) << 8 | UInt16(bytes[position + 2]))
        }

        /// A response with QR, RD and RA set, the question echoed and `records` as the answer section.
        func reply(rcode: UInt8, records: [Record] = []) -> [UInt8] {
            var writer = Writer()
            writer.header(id: id, flags: 0x8180 | UInt16(rcode), answers: records.count)
            writer.question(name: name, type: type)
            for record in records {
                writer.name(record.owner)
                writer.uint16(record.type)
                writer.uint16(1)  // IN
                writer.uint32(60)  // TTL
                if let target = record.target {
                    writer.lengthPrefixed { $0.name(target) }  // Compressed, so later owners point into it.
                } else {
                    writer.lengthPrefixed { $0.bytes += record.data }
                }
            }
            return writer.bytes
        }

        /// A response whose one answer's owner name is a compression pointer to itself.
        func selfPointingAnswer() -> [UInt8] {
            var writer = Writer()
            writer.header(id: id, flags: 0x8180, answers: 1)
            writer.question(name: name, type: type)
            writer.uint16(0xC000 | UInt16(writer.bytes.count))
            writer.uint16(1)
            writer.uint16(1)
            writer.uint32(60)
            writer.lengthPrefixed { $0.bytes += [192, 0, 2, 1] }
            return writer.bytes
        }
    }

    /// One answer record: a CNAME (`target`) or raw data.
    struct Record {
        let owner: String
        let type: UInt16
        var data: [UInt8] = []
        var target: String?
    }

    /// Builds a message, compressing a name it has already written into a pointer (whole names only).
    struct Writer {
        var bytes: [UInt8] = []
        private var offsets: [String: Int] = [:]

        mutating func header(id: UInt16, flags: UInt16, answers: Int) {
            for field in [id, flags, 1, UInt16(answers), 0, 0] { uint16(field) }
        }

        mutating func question(name: String, type: UInt16) {
            self.name(name)
            uint16(type)
            uint16(1)
        }

        mutating func name(_ name: String) {
            if let offset = offsets[name] { return uint16(0xC000 | UInt16(offset)) }
            offsets[name] = bytes.count
            for label in name.split(separator: ".") {
                bytes.append(UInt8(label.utf8.count))
                bytes += Array(label.utf8)
            }
            bytes.append(0)
        }

        mutating func lengthPrefixed(_ body: (inout Writer) -> Void) {
            let lengthAt = bytes.count
            uint16(0)
            body(&self)
            let length = bytes.count - lengthAt - 2
            bytes[lengthAt] = UInt8(length >> 8)
            bytes[lengthAt + 1] = UInt8(length & 0xFF)
        }

        mutating func uint16(_ value: UInt16) {
            bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
        }

        mutating func uint32(_ value: UInt32) {
            uint16(UInt16(value >> 16))
            uint16(UInt16(value & 0xFFFF))
        }
    }
}
