import Foundation
import Testing
import TrustMonitorCore

@Suite struct RetryAfterAndTimeTests {
    static let now = Date(timeIntervalSince1970: 784_111_770)  // 1994-11-06T08:49:30Z

    @Test(arguments: [
        ("120", Duration?.some(.seconds(120))), ("0", .some(.zero)), (" 5 ", .some(.seconds(5))),
        ("Sun, 06 Nov 1994 08:49:37 GMT", .some(.seconds(7))),
        ("Sun, 06 Nov 1994 08:49:00 GMT", .some(.zero)),
        ("-1", nil), ("soon", nil), ("Sun, 06 Nov 1994 25:00:00 GMT", nil), ("", nil),
    ])
    func parsesRetryAfter(value: String, expected: Duration?) {
        #expect(RetryAfter.parse(value, now: Self.now) == expected)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"), (784_111_777.5, "1994-11-06T08:49:37.500Z"),
        (951_782_400.0, "2000-02-29T00:00:00.000Z"), (-1.0, "1969-12-31T23:59:59.000Z"),
        (4_102_444_799.25, "2099-12-31T23:59:59.250Z"),
    ])
    func formatsRFC3339(seconds: Double, expected: String) {
        #expect(RFC3339.format(Date(timeIntervalSince1970: seconds)) == expected)
    }
}

@Suite struct RFC3339ParseTests {
    @Test(arguments: [
        ("2026-11-24T21:34:17.123Z", 1_795_556_057.123), ("2026-11-24T21:34:17Z", 1_795_556_057.0),
        ("2026-11-24T22:34:17+01:00", 1_795_556_057.0), ("1970-01-01T00:00:00.5z", 0.5),
    ])
    func parses(text: String, seconds: Double) throws {
        let date = try #require(RFC3339.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.0005)
    }

    @Test(arguments: ["", "2026-11-24", "2026-13-01T00:00:00Z", "2026-11-24T21:34:17", "2026-11-24T21:34:17.Z",
                      "2026-11-24 21:34:17Z", "2026-11-24T21:34:17Zjunk", "yesterday"])
    func rejects(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func roundTripsToTheMillisecond() {
        let date = Date(timeIntervalSince1970: 1_795_556_057.987)
        let parsed = RFC3339.parse(RFC3339.format(date))
        #expect(parsed.map { abs($0.timeIntervalSince(date)) < 0.0005 } == true)
        #expect(parsed.map(RFC3339.format) == "2026-11-24T21:34:17.987Z")
    }
}
