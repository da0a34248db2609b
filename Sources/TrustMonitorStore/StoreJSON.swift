import Foundation
import TrustMonitorCore

/// The JSON kept in `body` columns: the whole Core value in `JSONCoding`'s form (the API's, so a body can
/// be served as is), exact to the millisecond (`RFC3339.format` rounds to the nearest) and able to hold non-finite numbers.
enum StoreJSON {
    private static let encoder: JSONEncoder = {
        let encoder = JSONCoding.encoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONCoding.decoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }()

    static func encode<T: Encodable>(_ value: T) throws -> String {
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError.invalid("\(T.self) does not encode as JSON: \(error)")
        }
    }

    /// Decodes a stored body; `what` names the row in the error ("incident inc_1").
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, what: String) throws -> T {
        do {
            return try decoder.decode(type, from: data)
        } catch {
            throw StoreError.corrupt("body of \(what) is not a valid \(T.self): \(error)")
        }
    }
}
