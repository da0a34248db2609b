/// A host name checked against the rules a DNS query name must follow, so a name the nameserver could never
/// answer fails as `dns_failure` before any packet is sent, with a message saying which rule it broke.
struct DNSName: Sendable, Equatable, CustomStringConvertible {
    /// The labels without dots, each 1...63 ASCII bytes.
    let labels: [[UInt8]]

    /// Validates `host` (one trailing dot allowed, as in a fully qualified name).
    ///
    /// Allowed bytes are ASCII letters, digits, hyphen and underscore (`_dmarc`, `_sip._tcp` are real names).
    /// Non-ASCII names must arrive already in punycode (`xn--...`): encoding them is the caller's job.
    init(validating host: String) throws(ResolutionError) {
        var text = Substring(host)
        if text.hasSuffix(".") { text = text.dropLast() }
        guard !text.isEmpty else { throw Self.invalid(host, "the name is empty") }
        guard text.utf8.count <= 253 else { throw Self.invalid(host, "the name is longer than 253 bytes") }

        var labels: [[UInt8]] = []
        for label in text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty else { throw Self.invalid(host, "it has an empty label") }
            guard label.count <= 63 else { throw Self.invalid(host, "a label is longer than 63 bytes") }
            guard label.allSatisfy(Self.isAllowed) else {
                throw Self.invalid(host, "only letters, digits, '-' and '_' are allowed")
            }
            labels.append(Array(label))
        }
        self.labels = labels
    }

    /// The name in DNS wire format: length-prefixed labels ending with the root label.
    var wireFormat: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(labels.reduce(1) { $0 + $1.count + 1 })
        for label in labels {
            bytes.append(UInt8(label.count))  // ≤ 63, checked in init.
            bytes.append(contentsOf: label)
        }
        bytes.append(0)
        return bytes
    }

    /// The dotted name without a trailing dot, as people write it in messages.
    var description: String {
        labels.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".")
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// A name that can never resolve is reported like one that does not exist: to the person reading the
    /// failure both mean "this host name is wrong", and the reason says what is wrong with it.
    private static func invalid(_ host: String, _ reason: String) -> ResolutionError {
        let shown = host.count > 80 ? host.prefix(80) + "…" : Substring(host)  // Keep failure messages bounded.
        return ResolutionError(.notFound, "invalid host name \"\(shown)\": \(reason)")
    }
}
