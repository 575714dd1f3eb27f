import Foundation
import VigilCore
import VigilStorage

/// Today's date on a site's wall calendar, read from the database's clock. A request's calendar
/// is its site's (`VigilContext.site`, bound by `EndpointRouter` for the handler's work), so every
/// page and API answer dates and times in the zone of the site it is about; outside a request, or
/// at a site with no zone set, it is the server's `--time-zone`.
struct ClinicCalendar: Sendable {
    let clock: @Sendable () -> Date
    /// The server's `--time-zone`.
    let fallback: TimeZone

    /// The site of the request being handled.
    @TaskLocal static var site: Site?

    init(database: Database, timeZone: TimeZone) {
        clock = database.clock
        fallback = timeZone
    }

    var timeZone: TimeZone { Self.site?.timeZone(fallback: fallback) ?? fallback }

    /// The zone of one of the network's sites (a booking's, a session's), from the sites read at sign-in.
    func zone(of site: UUID, _ context: VigilContext) -> TimeZone {
        context.identity?.sites.site(site)?.timeZone(fallback: fallback) ?? timeZone
    }

    var today: CalendarDate { CalendarDate(clock(), in: timeZone) }

    /// The wall-clock time of an instant at the site, "09:40".
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
