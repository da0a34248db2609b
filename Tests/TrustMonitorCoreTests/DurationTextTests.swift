import Testing
import TrustMonitorCore

@Suite struct DurationTextTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("5s", .seconds(5)), ("1m30s", .seconds(90)),
        ("72h", .seconds(72 * 3600)), ("1.5s", .milliseconds(1500)), ("2d", .seconds(172_800)),
        ("250us", .microseconds(250)), (" 10s ", .seconds(10)), ("-1s", .seconds(-1)),
    ])
    func parses(text: String, expected: Duration) throws {
        #expect(try DurationText.parse(text) == expected)
    }

    @Test(arguments: ["", "5", "5x", "ms", "1.2.3s", "s5", "5 s"])
    func rejects(text: String) {
        #expect(throws: DurationText.ParseError.self) { try DurationText.parse(text) }
    }

    @Test(arguments: [
        (Duration.milliseconds(250), "250ms"), (.seconds(5), "5s"), (.milliseconds(1500), "1.5s"),
        (.seconds(120), "2m"), (.seconds(7200), "2h"), (.zero, "0s"),
    ])
    func formats(duration: Duration, expected: String) {
        #expect(DurationText.format(duration) == expected)
    }
}
