import Testing
import TrustMonitorCore

@Suite struct AnomalyErrorRateTests {
    static let usual = ErrorRateWindow(checks: 8640, failures: 9, span: .seconds(86_400))

    static func lastHour(_ failures: Int, of checks: Int = 360) -> ErrorRateWindow {
        ErrorRateWindow(checks: checks, failures: failures, span: .seconds(3600))
    }

    @Test(arguments: [
        (lastHour(0), usual, nil),
        (lastHour(2), usual, nil),  // 0.6% is above 3x of 0.1%, but 2 failures are too few
        (lastHour(5), usual, nil),  // 1.4%: under 3x the 0.5% floor
        (lastHour(6), usual, "Suppressed failures in 1.7% of checks over the last 60 minutes (6 of 360), 3.3x the 0.5% floor (usually 0.1%)"),
        (lastHour(36), usual, "Suppressed failures in 10% of checks over the last 60 minutes (36 of 360), 20x the 0.5% floor (usually 0.1%)"),
        (lastHour(36), ErrorRateWindow(checks: 8640, failures: 864, span: .seconds(86_400)), nil),  // usual 10%
        (lastHour(36), ErrorRateWindow(checks: 50, failures: 0, span: .seconds(500)), nil),  // baseline too short
        (lastHour(3, of: 3), usual, "Suppressed failures in 100% of checks over the last 60 minutes (3 of 3), 200x the 0.5% floor (usually 0.1%)"),
    ] as [(ErrorRateWindow, ErrorRateWindow, String?)])
    func flagsOnlyAClearRise(current: ErrorRateWindow, baseline: ErrorRateWindow, expected: String?) {
        #expect(ErrorRatePolicy.default.anomaly(current: current, baseline: baseline)?.description == expected)
    }
}
