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

    /// Now, at the millisecond precision instants are stored with (as a write transaction sees it).
    var now: Date { Instant.truncated(clock()) }

    /// Today as measurement plans read it, with the clinic's link lifetime.
    func measures(_ settings: ClinicSettings) -> MeasureCalendar {
        MeasureCalendar(today: today, timeZone: timeZone, linkHours: settings.measureLinkHours)
    }
}
