import struct Foundation.Date

/// A value bound to a statement parameter: the only way values reach SQL (never by building SQL text).
enum SQLValue {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null

    /// Times are stored as whole milliseconds since 1970 (UTC), see `Migration`.
    static func date(_ date: Date) -> SQLValue { .integer(date.epochMilliseconds) }

    static func date(_ date: Date?) -> SQLValue { date.map { .integer($0.epochMilliseconds) } ?? .null }

    static func integer(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }

    static func real(_ value: Double?) -> SQLValue { value.map { .real($0) } ?? .null }

    static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
}
