/// A value read as a number for `<`, `<=`, `>` and `>=`, the way Gatus reads both sides of those operators.
///
/// Gatus tries, in order: a Go duration (`1s`, `72h`: milliseconds, so `[RESPONSE_TIME] < 1s` and
/// `[CERTIFICATE_EXPIRATION] > 72h` work), a Go integer (`0x1F` too), then a float. Two deliberate departures:
/// - A float is compared as a float. Gatus truncates it to an integer, so `[BODY].ratio <= 0.5` passes for `0.7`
///   (both become 0): that silently passes a wrong value.
/// - A value that is none of these is not a number and the condition fails with an error. Gatus reads it as 0,
///   so `[BODY].count < 10` passes when `count` is `"n/a"`.
/// Durations come from `DurationText`, which also knows `d` (days): `[CERTIFICATE_EXPIRATION] > 30d` works here,
/// whereas Gatus reads `30d` as 0 and the condition always passes.
enum ConditionNumber: Equatable {
    case integer(Int64)
    case real(Double)

    init?(_ text: String) {
        let trimmed = text.trimmingWhitespace()
        if let duration = try? DurationText.parse(trimmed) {
            self = .integer(duration.milliseconds)
        } else if let integer = GoInteger.parse(trimmed) {
            self = .integer(integer)
        } else if let real = Self.decimal(trimmed) {
            self = .real(real)
        } else {
            return nil
        }
    }

    /// A plain decimal float (`-1.5`, `2e3`, `.5`); not `inf` or `nan`, which no one means in a condition.
    static func decimal(_ text: String) -> Double? {
        var bytes = Array(text.utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            bytes = bytes.dropFirst()
        }
        let isDigit: (UInt8) -> Bool = { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        let integerDigits = bytes.prefix(while: isDigit).count
        bytes = bytes.dropFirst(integerDigits)
        var fractionDigits = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fractionDigits = bytes.prefix(while: isDigit).count
            bytes = bytes.dropFirst(fractionDigits)
        }
        guard integerDigits + fractionDigits > 0 else { return nil }
        if let marker = bytes.first, marker | 0x20 == UInt8(ascii: "e") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                bytes = bytes.dropFirst()
            }
            let exponentDigits = bytes.prefix(while: isDigit).count
            guard exponentDigits > 0 else { return nil }
            bytes = bytes.dropFirst(exponentDigits)
        }
        guard bytes.isEmpty, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// Integers compare exactly; anything involving a float compares as `Double`.
    static func compare(_ lhs: ConditionNumber, _ rhs: ConditionNumber) -> Int {
        switch (lhs, rhs) {
        case let (.integer(a), .integer(b)):
            return a < b ? -1 : (a == b ? 0 : 1)
        default:
            let a = lhs.doubleValue
            let b = rhs.doubleValue
            return a < b ? -1 : (a == b ? 0 : 1)
        }
    }

    private var doubleValue: Double {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value
        }
    }
}
