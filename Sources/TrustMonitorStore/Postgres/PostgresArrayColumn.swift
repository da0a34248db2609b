import NIOCore

/// One-dimensional `bigint[]` and `double precision[]` columns read straight from PostgreSQL's binary array format.
///
/// PostgresNIO's own array decoding looks up generic metadata for every element; a status page reads a hundred
/// thousand elements, and this loop costs a fraction of that. The format (`array_send`): dimensions, a has-nulls
/// flag and the element type, then each dimension's length and lower bound, then each element as its length and
/// its bytes (big-endian). An empty array has no dimensions.
enum PostgresArrayColumn {
    static func int64s(_ column: ByteBuffer, what: String) throws -> [Int64] {
        try elements(column, width: 8, what: what) { $0.readInteger(endianness: .big, as: Int64.self) }
    }

    static func doubles(_ column: ByteBuffer, what: String) throws -> [Double] {
        try elements(column, width: 8, what: what) { buffer in
            buffer.readInteger(endianness: .big, as: UInt64.self).map(Double.init(bitPattern:))
        }
    }

    private static func elements<T>(_ column: ByteBuffer, width: Int32, what: String,
                                    _ read: (inout ByteBuffer) -> T?) throws -> [T] {
        var buffer = column
        func corrupt(_ reason: String) -> StoreError { .corrupt("\(what) is not a one-dimensional array: \(reason)") }
        guard let dimensions = buffer.readInteger(endianness: .big, as: Int32.self),
              let hasNulls = buffer.readInteger(endianness: .big, as: Int32.self),
              buffer.readInteger(endianness: .big, as: UInt32.self) != nil else { throw corrupt("short header") }
        guard dimensions != 0 else { return [] }
        guard dimensions == 1, hasNulls == 0,
              let count = buffer.readInteger(endianness: .big, as: Int32.self), count >= 0,
              buffer.readInteger(endianness: .big, as: Int32.self) != nil else { throw corrupt("\(dimensions) dimensions") }
        var values: [T] = []
        values.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard buffer.readInteger(endianness: .big, as: Int32.self) == width, let value = read(&buffer) else {
                throw corrupt("an element is not \(width) bytes")
            }
            values.append(value)
        }
        return values
    }
}
