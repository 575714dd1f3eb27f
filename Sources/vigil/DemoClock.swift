import Foundation
import VigilCore

/// The demo's clock. `started` is the instant the demo is made for — what the person trying it sees
/// on the chair board's clock — and `now` the instant the demo is charting at, moved back and forth
/// as it records the past. Days and wall-clock minutes are read in the clinic's time zone
/// (`--time-zone`), never the machine's.
final class DemoClock: @unchecked Sendable {
    let started: Date
    let zone: TimeZone
    private let calendar: Calendar
    private let lock = NSLock()
    private var current: Date

    init(started: Date, zone: TimeZone) {
        self.started = started
        self.zone = zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
        current = started
    }

    /// The instant the demo is charting at (`started` until it is moved).
    var now: Date {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    /// The clinic's calendar day when the demo is made.
    var today: CalendarDate { CalendarDate(started, in: zone) }

    /// `minute` minutes after midnight on `date`, on the clinic's wall clock.
    func instant(_ date: CalendarDate, minute: Int) -> Date {
        calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: minute / 60, minute: minute % 60))!
    }

    /// Minutes after midnight on the clinic's wall clock.
    func minute(of date: Date) -> Int {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return parts.hour! * 60 + parts.minute!
    }
}
