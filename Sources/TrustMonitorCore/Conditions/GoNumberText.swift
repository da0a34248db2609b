/// Numbers written and read the way Go writes and reads them, because Gatus conditions compare Go's text.
///
/// Gatus decodes a JSON body into Go values (every number becomes a `float64`) and prints them with
/// `fmt.Sprintf("%v")`, so `{"price": 1.50}` resolves to `1.5` and `[BODY].price == 1.50` fails while `== 1.5`
/// passes. Reproducing that text is what makes a Gatus user's conditions behave the same here.
enum GoNumberText {
    /// The shortest decimal digits that round-trip `value`, with the position of the decimal point:
    /// `value == 0.d₁d₂…dₙ × 10^decimalPoint`. Zero has no digits.
    struct Digits: Equatable {
        var negative: Bool
        var digits: [UInt8]
        var decimalPoint: Int
    }

    /// Swift's `description` is also the shortest round-trip form (closest to the exact value on ties), which is
    /// what Go's `strconv` produces, so only the layout differs and the digits can be taken from it.
    static func shortestDigits(_ value: Double) -> Digits {
        let text = value.magnitude.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts.first ?? Substring(text)
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        var digits: [UInt8] = []
        var pointIndex: Int?
        for byte in mantissa.utf8 {
            if byte == UInt8(ascii: ".") {
                pointIndex = digits.count
            } else {
                digits.append(byte)
            }
        }
        var decimalPoint = (pointIndex ?? digits.count) + exponent
        while digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            decimalPoint -= 1
        }
        while digits.last == UInt8(ascii: "0") {
            digits.removeLast()
        }
        if digits.isEmpty { decimalPoint = 0 }
        return Digits(negative: value.sign == .minus, digits: digits, decimalPoint: decimalPoint)
    }

    /// Go's `%v` for a `float64` (`strconv.FormatFloat(v, 'g', -1, 64)`): exponent form when the decimal
    /// exponent is below -4 or at least 6, so `1234567` prints as `1.234567e+06`.
    static func formatDefault(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        let digits = shortestDigits(value)
        let exponent = digits.decimalPoint - 1
        if !digits.digits.isEmpty && (exponent < -4 || exponent >= 6) {
            return exponentForm(digits)
        }
        return fixedForm(digits, fractionDigits: max(digits.digits.count - digits.decimalPoint, 0))
    }

    /// Go's `encoding/json` text for a `float64`: fixed notation unless the magnitude is below 1e-6 or at least
    /// 1e21, and `e-07` shortened to `e-7`. Used when Gatus re-marshals an object found at the end of a path.
    static func formatJSON(_ value: Double) -> String {
        let digits = shortestDigits(value)
        let magnitude = value.magnitude
        guard magnitude != 0, magnitude < 1e-6 || magnitude >= 1e21 else {
            return fixedForm(digits, fractionDigits: max(digits.digits.count - digits.decimalPoint, 0))
        }
        var text = exponentForm(digits)
        let bytes = Array(text.utf8)
        let count = bytes.count
        if count >= 4, bytes[count - 4] == UInt8(ascii: "e"), bytes[count - 3] == UInt8(ascii: "-"),
            bytes[count - 2] == UInt8(ascii: "0")
        {
            text = String(decoding: bytes[..<(count - 2)] + [bytes[count - 1]], as: UTF8.self)
        }
        return text
    }

    /// `-d.ddde±XX`, at least two exponent digits, as Go's `fmtE`.
    private static func exponentForm(_ digits: Digits) -> String {
        var out = digits.negative ? "-" : ""
        let characters = digits.digits.map { Character(Unicode.Scalar($0)) }
        out.append(characters.first ?? "0")
        if characters.count > 1 {
            out.append(".")
            out.append(contentsOf: characters.dropFirst())
        }
        var exponent = digits.digits.isEmpty ? 0 : digits.decimalPoint - 1
        out.append("e")
        out.append(exponent < 0 ? "-" : "+")
        exponent = abs(exponent)
        if exponent < 10 { out.append("0") }
        out.append(String(exponent))
        return out
    }

    /// `-ddd.ddd` with `fractionDigits` digits after the point, as Go's `fmtF`.
    private static func fixedForm(_ digits: Digits, fractionDigits: Int) -> String {
        var out = digits.negative ? "-" : ""
        let characters = digits.digits.map { Character(Unicode.Scalar($0)) }
        func digit(at index: Int) -> Character {
            index >= 0 && index < characters.count ? characters[index] : "0"
        }
        if digits.decimalPoint > 0 {
            for index in 0..<digits.decimalPoint { out.append(digit(at: index)) }
        } else {
            out.append("0")
        }
        if fractionDigits > 0 {
            out.append(".")
            for offset in 1...fractionDigits { out.append(digit(at: digits.decimalPoint + offset - 1)) }
        }
        return out
    }
}
