/// Go's `strconv.ParseInt(text, 0, 64)`, which Gatus uses to decide whether two values are equal as integers.
///
/// Base 0 means the prefix picks the base: `0x1F` (hex), `0o17` or a bare leading zero `017` (octal), `0b101`
/// (binary), otherwise decimal; underscores may separate digits (`1_000`). So in Gatus `[BODY].data == 1` passes
/// for `"0x1"`, and `010 == 8` passes too (octal). That last one is odd, but it is Go's documented syntax and a
/// Gatus user's conditions rely on the same reading, so it is kept.
enum GoInteger {
    static func parse(_ text: String) -> Int64? {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard let magnitude = parseUnsigned(Array(bytes)) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// `strconv.ParseUint(s, 0, 64)` on the unsigned part.
    private static func parseUnsigned(_ bytes: [UInt8]) -> UInt64? {
        guard !bytes.isEmpty else { return nil }
        var base: UInt64 = 10
        var start = 0
        if bytes[0] == UInt8(ascii: "0") {
            if bytes.count >= 3, let prefixed = prefixBase(bytes[1]) {
                base = prefixed
                start = 2
            } else {
                base = 8
                start = 1
            }
        }
        var value: UInt64 = 0
        var sawUnderscore = false
        for byte in bytes[start...] {
            if byte == UInt8(ascii: "_") {
                sawUnderscore = true
                continue
            }
            guard let digit = digitValue(byte), digit < base else { return nil }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: base)
            let (sum, overflowB) = shifted.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else { return nil }
            value = sum
        }
        if sawUnderscore && !underscoresAreSeparators(bytes) { return nil }
        return value
    }

    private static func prefixBase(_ byte: UInt8) -> UInt64? {
        switch byte | 0x20 {
        case UInt8(ascii: "x"): return 16
        case UInt8(ascii: "o"): return 8
        case UInt8(ascii: "b"): return 2
        default: return nil
        }
    }

    private static func digitValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt64(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt64(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Go's `underscoreOK`: each underscore sits between two digits (a base prefix counts as a digit).
    private static func underscoresAreSeparators(_ bytes: [UInt8]) -> Bool {
        enum Seen { case start, digit, underscore, other }
        var seen = Seen.start
        var index = 0
        var hex = false
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "0"), let base = prefixBase(bytes[1]) {
            index = 2
            seen = .digit
            hex = base == 16
        }
        while index < bytes.count {
            let byte = bytes[index]
            let lower = byte | 0x20
            let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (hex && (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(lower))
            if isDigit {
                seen = .digit
            } else if byte == UInt8(ascii: "_") {
                guard seen == .digit else { return false }
                seen = .underscore
            } else {
                guard seen != .underscore else { return false }
                seen = .other
            }
            index += 1
        }
        return seen != .underscore
    }
}
