import Foundation
import TrustMonitorCore

/// Text inside header fields and mail bodies, which are ASCII lines: the encodings that carry any text
/// through them (RFC 2047 encoded words, RFC 2045 quoted-printable) and the guard against header injection.
enum MIMEText {
    /// One line for a header field: control characters (CR and LF above all, which would start a header of
    /// the text's choosing) become spaces.
    static func headerLine(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
    }

    static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

    /// `text` as it is when ASCII, else as RFC 2047 `=?utf-8?B?...?=` words of at most 75 characters,
    /// split between characters (never inside one), separated by `separator` (a folding `CRLF SP` in mail,
    /// a space in an HTTP header).
    static func encodedWords(_ text: String, separator: String) -> String {
        let line = headerLine(text)
        guard !isASCII(line) else { return line }
        // 45 bytes of UTF-8 are 60 characters of base64: with `=?utf-8?B?` and `?=` one word is 72.
        var words: [[UInt8]] = [], chunk: [UInt8] = []
        for character in line {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append(chunk)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?utf-8?B?\(Data($0).base64EncodedString())?=" }.joined(separator: separator)
    }

    /// RFC 2045 quoted-printable with CRLF line ends: printable ASCII stays readable, lines are soft-broken
    /// (`=` at the end) before 76 characters, and a space or tab before a line end is encoded.
    static func quotedPrintable(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { quotedPrintableLine(Array($0.utf8)) }.joined(separator: "\r\n")
    }

    private static func quotedPrintableLine(_ bytes: [UInt8]) -> String {
        var output: [String] = [], current = ""
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 0x20 || byte == 0x09) && !isLast)
            let piece = literal ? String(UnicodeScalar(byte)) : "=" + HexCoding.encode([byte]).uppercased()
            if current.utf8.count + piece.utf8.count > 75 {
                output.append(current + "=")
                current = ""
            }
            current += piece
        }
        output.append(current)
        return output.joined(separator: "\r\n")
    }
}
