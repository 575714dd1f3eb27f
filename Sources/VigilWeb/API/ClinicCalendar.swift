import Foundation
import VigilCore
import VigilStorage

/// Today's date on the clinic's wall calendar, read from the database's clock.
struct ClinicCalendar: Sendable {
    let clock: @Sendable () -> Date
    let timeZone: TimeZone

    init(database: Database, timeZone: TimeZone) {
        clock = database.clock
        self.timeZone = timeZone
    }

    var today: CalendarDate { CalendarDate(clock(), in: timeZone) }

    /// The wall-clock time of an instant in the clinic, "09:40".
    func clockTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// Now, at the millisecond precision instants are stored with (as a write transaction sees it).
    var now: Date { Instant.truncated(clock()) }

    /// Today as measurement plans read it, with the clinic's link lifetime.
    func measures(_ settings: ClinicSettings) -> MeasureCalendar {
        MeasureCalendar(today: today, timeZone: timeZone, linkHours: settings.measureLinkHours)
    }
}
