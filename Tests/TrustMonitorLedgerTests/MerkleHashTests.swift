import Testing
@testable import TrustMonitorLedger
