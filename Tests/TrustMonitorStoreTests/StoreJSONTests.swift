import Foundation
import Testing
@testable import TrustMonitorStore
import TrustMonitorCore

/// Times in stored bodies and columns come back to the exact millisecond, whatever the century.
@Suite struct StoreJSONTests {
    private struct Stamped: Codable, Equatable {
        var at: Date
        var took: Double
    }

    @Test func everyMillisecondRoundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let ms = Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &generator)
            let date = Date(epochMilliseconds: ms)
            #expect(date.epochMilliseconds == ms)
            let body = try StoreJSON.encode(Stamped(at: date, took: 1.5))
            let back = try StoreJSON.decode(Stamped.self, from: Data(body.utf8), what: "test")
            #expect(back.at.epochMilliseconds == ms, "\(ms) \(body)")
            #expect(back.at == date)
        }
    }

    @Test func bodyShowsRFC3339AndKeepsNonFiniteNumbers() throws {
        let value = Stamped(at: Date(epochMilliseconds: 341_976_455_840), took: .infinity)
        let body = try StoreJSON.encode(value)
        #expect(body == #"{"at":"1980-11-02T01:27:35.840Z","took":"+Infinity"}"#)
        #expect(try StoreJSON.decode(Stamped.self, from: Data(body.utf8), what: "test") == value)
    }

    @Test func subMillisecondDigitsAreTruncated() {
        #expect(Date(timeIntervalSince1970: 1_709_251_234.567_89).epochMilliseconds == 1_709_251_234_567)
        #expect(Date(timeIntervalSince1970: -0.000_5).epochMilliseconds == -1)
    }

    @Test func unreadableBodyIsCorruptNotACrash() {
        #expect(throws: StoreError.self) {
            try StoreJSON.decode(Stamped.self, from: Data(#"{"at":"yesterday","took":1}"#.utf8), what: "test")
        }
    }
}
