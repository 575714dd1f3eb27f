import Foundation
import VigilCore

/// The time every Swift test runs at, whatever the wall clock says: Tuesday 1 December 2026 at 10:00
/// in the test clinic's zone, advancing with the time the tests take. The zone is America/Chicago,
/// six hours behind UTC, so a rule that reads the machine's zone instead of the clinic's is caught
/// on a UTC machine.
public enum TestTime {
    public static let zone = TimeZone(identifier: "America/Chicago")!
    /// 2026-12-01T16:00:00Z.
    public static let start = Date(timeIntervalSince1970: 1_796_140_800)
    private static let began = ProcessInfo.processInfo.systemUptime

    public static var now: Date { start.addingTimeInterval(ProcessInfo.processInfo.systemUptime - began) }
    public static var today: CalendarDate { CalendarDate(now, in: zone) }
}

/// A clock a test moves forward, for rules measured in minutes (two hours of monitoring).
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = TestTime.now) { current = start }

    public var now: Date { lock.withLock { current } }

    public func advance(minutes: Double) { lock.withLock { current = current.addingTimeInterval(minutes * 60) } }
}
