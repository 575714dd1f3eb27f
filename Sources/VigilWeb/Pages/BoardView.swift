import Foundation
import VigilCore

/// The chair board for one day (a column per chair) and the week view (a column per day).
struct BoardView {
    struct Slot {
        var time: String
        let who: String
        let what: String
        let staff: String?
        let kindClass: String
        var link: String
        /// A no-show or late cancellation: the booking no longer holds its chair.
        let attendance: String?
        /// For a session under way: its state, minutes since the dose, the next vitals and the discharge countdown.
        var live: String? = nil
        var alerts: [String] = []
    }

    struct Column {
        let title: String
        let subtitle: String?
        let slots: [Slot]
        let link: String?
    }

    let shell: Shell
    let title: String
    let hours: String
    let columns: [Column]
    let previous: String
    let next: String
    let today: String
    let other: String
    let otherLabel: String
    let count: Int
    let message: String?
    /// Today's board refreshes itself (no scripts: the page asks the browser to reload).
    var refreshSeconds: Int? = nil
    /// On today's board: earlier bookings whose attendance nobody recorded, and missed course
    /// sessions not booked again (clinic-day issue, finding 2).
    var unrecorded: [Slot] = []
    var toRebook: [Slot] = []

    /// How far back today's board looks for attendance to record and sessions to rebook.
    static let lookBackDays = 14

    /// "Esketamine nasal spray, session 3", "Review".
    static func what(_ appointment: Appointment) -> String {
        if let session = appointment.session { return "\(session.route.title), session \(session.number)" }
        return appointment.kind.title
    }

    static func slot(_ appointment: Appointment, showChair: Bool) -> Slot {
        let missed = !appointment.status.holdsChair
        return Slot(time: appointment.timeRange + (showChair ? " · \(appointment.chair)" : ""), who: appointment.patientName, what: what(appointment),
                    staff: appointment.staff.isEmpty ? nil : appointment.staff.map(\.name).joined(separator: ", "),
                    kindClass: (appointment.session?.route.rawValue ?? appointment.kind.rawValue) + (missed ? " missed" : ""),
                    link: PageEndpoints.appointment.link(appointment.id.lowercased), attendance: missed ? appointment.status.title : nil)
    }

    /// Today's lists from the bookings around today: attendance not recorded, and missed sessions to rebook.
    mutating func followUps(_ around: [Appointment], today: CalendarDate) {
        let since = today.adding(days: -Self.lookBackDays)
        func dated(_ appointment: Appointment) -> Slot {
            var slot = Self.slot(appointment, showChair: true)
            slot.time = "\(appointment.date) \(slot.time)"
            return slot
        }
        unrecorded = around.filter { $0.status == .booked && $0.date < today && $0.date >= since }.map(dated)
        let holding = Set(around.filter(\.status.holdsChair).compactMap { $0.session.map { "\($0.courseID) \($0.number)" } })
        toRebook = around.filter { ($0.status == .noShow || $0.status == .lateCancellation) && $0.date >= since && $0.date <= today }
            .filter { appointment in appointment.session.map { !holding.contains("\($0.courseID) \($0.number)") } ?? true }
            .map { appointment in
                var slot = dated(appointment)
                if let session = appointment.session { slot.link = PageEndpoints.bookCourse.link(session.courseID.lowercased) }
                return slot
            }
    }

    /// A booking's slot with its session, when one is open: the live state a wall screen shows.
    static func slot(_ appointment: Appointment, session: DosingSession?, rules: SessionRules, now: Date, clock: (Date) -> String) -> Slot {
        var slot = slot(appointment, showChair: false)
        guard let session else { return slot }
        slot.link = PageEndpoints.session.link(session.id.lowercased)
        var parts = [session.status.title]
        if let dosed = session.doseStartedAt, session.status == .dosing || session.status == .monitoring {
            parts.append("\(Int(now.timeIntervalSince(dosed) / 60)) min since dose")
            if let due = session.nextVitalsDue(rules: rules) {
                parts.append(due < now ? "vitals OVERDUE since \(clock(due))" : "vitals due \(clock(due))")
            }
            if let earliest = session.earliestDischarge(rules: rules) {
                parts.append(earliest > now ? "discharge in \(Int((earliest.timeIntervalSince(now) / 60).rounded(.up))) min" : "discharge time reached")
            }
        }
        slot.live = parts.joined(separator: " · ")
        slot.alerts = session.openAlerts(rules: rules).map(\.message)
        return slot
    }

    /// One column per chair; bookings in a chair the clinic no longer lists get a column of their own.
    /// `site` is the board's; `query` keeps it in the board's links ("&site=…" when it is not the user's own).
    static func day(_ date: CalendarDate, appointments: [Appointment], sessions: [DosingSession], site: Site, query: String, rules: SessionRules,
                    shell: Shell, today: CalendarDate, now: Date, clock: (Date) -> String, message: String?) -> BoardView {
        let chairs = site.chairs + Set(appointments.map(\.chair)).subtracting(site.chairs).sorted()
        let open = site.clinicDays.hours(on: date)
        return BoardView(
            shell: shell, title: "\(OpeningHours.dayName(date.weekday)) \(date) — \(site.name)",
            hours: open.map { "Open \(OpeningHours.clock($0.opens))–\(OpeningHours.clock($0.closes)) (\(site.timeZoneID.isEmpty ? "server time zone" : site.timeZoneID))" }
                ?? "\(site.name) is closed this day" + (site.clinicDays.closure(on: date).map { " (\($0.name))" } ?? ""),
            columns: chairs.map { chair in
                Column(title: chair, subtitle: nil, slots: appointments.filter { $0.chair == chair }.map { appointment in
                    slot(appointment, session: sessions.first { $0.appointmentID == appointment.id }, rules: rules, now: now, clock: clock)
                }, link: nil)
            },
            previous: PageEndpoints.board.link() + "?date=\(date.adding(days: -1))\(query)", next: PageEndpoints.board.link() + "?date=\(date.adding(days: 1))\(query)",
            today: PageEndpoints.board.link() + "?date=\(today)\(query)", other: PageEndpoints.week.link() + "?date=\(date)\(query)", otherLabel: "Week view",
            count: appointments.count, message: message, refreshSeconds: date == today ? 30 : nil)
    }

    /// Monday to Sunday of the week holding `date`.
    static func week(_ date: CalendarDate, appointments: [Appointment], site: Site, query: String, shell: Shell, today: CalendarDate) -> BoardView {
        let monday = date.adding(days: 1 - date.weekday)
        return BoardView(
            shell: shell, title: "Week of \(monday) — \(site.name)", hours: "",
            columns: (0..<7).map { offset in
                let day = monday.adding(days: offset)
                return Column(title: OpeningHours.dayName(day.weekday), subtitle: day.description,
                              slots: appointments.filter { $0.date == day }.map { slot($0, showChair: true) },
                              link: PageEndpoints.board.link() + "?date=\(day)\(query)")
            },
            previous: PageEndpoints.week.link() + "?date=\(monday.adding(days: -7))\(query)", next: PageEndpoints.week.link() + "?date=\(monday.adding(days: 7))\(query)",
            today: PageEndpoints.week.link() + "?date=\(today)\(query)", other: PageEndpoints.board.link() + "?date=\(date)\(query)", otherLabel: "Day view",
            count: appointments.count, message: nil)
    }
}
