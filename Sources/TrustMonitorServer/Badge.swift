import Foundation

/// A flat two-part badge as SVG, in the shape README badges use (label on grey, message on a colour), made here so
/// a badge needs no external service and works offline.
///
/// Text width is estimated per character (Verdana 11 px, as the familiar badges use): exact enough for labels
/// and messages of a few words, and with no font files to read.
struct Badge: Equatable {
    enum Color: String {
        case green = "#4c1", yellowGreen = "#a4a61d", yellow = "#dfb317", orange = "#fe7d37", red = "#e05d44"
        case grey = "#9f9f9f"
    }

    var label: String
    var message: String
    var color: Color

    var svg: String {
        let labelWidth = Self.textWidth(label) + 10, messageWidth = Self.textWidth(message) + 10
        let width = labelWidth + messageWidth
        let title = Self.escape("\(label): \(message)")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="20" role="img" aria-label="\(title)">\
            <title>\(title)</title>\
            <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>\
            <stop offset="1" stop-opacity=".1"/></linearGradient>\
            <clipPath id="r"><rect width="\(width)" height="20" rx="3" fill="#fff"/></clipPath>\
            <g clip-path="url(#r)"><rect width="\(labelWidth)" height="20" fill="#555"/>\
            <rect x="\(labelWidth)" width="\(messageWidth)" height="20" fill="\(color.rawValue)"/>\
            <rect width="\(width)" height="20" fill="url(#s)"/></g>\
            <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">\
            <text x="\(labelWidth / 2)" y="14">\(Self.escape(label))</text>\
            <text x="\(labelWidth + messageWidth / 2)" y="14">\(Self.escape(message))</text></g></svg>
            """
    }

    /// About 7 px per character, narrower for the thin ones: within a few pixels for short ASCII text.
    static func textWidth(_ text: String) -> Int {
        text.reduce(0) { width, character in width + (" .,:;!|il1'".contains(character) ? 4 : 7) }
    }

    static func escape(_ text: String) -> String { PageText.escape(text) }

    /// Uptime as people read it: two decimals below 100, and the colour by how far from it.
    static func uptime(_ fraction: Double?, window: String) -> Badge {
        guard let fraction else { return Badge(label: "uptime \(window)", message: "no data", color: .grey) }
        let percent = fraction * 100
        let text = percent >= 100 ? "100%" : String(format: "%.2f%%", (percent * 100).rounded(.down) / 100)
        let color: Color = percent >= 99.9 ? .green : percent >= 99 ? .yellowGreen : percent >= 95 ? .yellow : .red
        return Badge(label: "uptime \(window)", message: text, color: color)
    }

    static func responseTime(_ milliseconds: Double?) -> Badge {
        guard let milliseconds else { return Badge(label: "response time", message: "no data", color: .grey) }
        let color: Color = milliseconds < 300 ? .green : milliseconds < 1000 ? .yellow : .orange
        return Badge(label: "response time", message: "\(Int(milliseconds.rounded())) ms", color: color)
    }
}
