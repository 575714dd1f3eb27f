import Foundation
import VigilCore
import VigilStorage
import VigilWeb

/// The demo's dosing sessions, charted through the same rules as the pages, at the times they
/// were held (the database reads the demo's clock): every booked session before the demo day is
/// discharged (a no-show and a cancellation among them), and the demo day has one session in each
/// state of a clinic day — discharged, stopped early, monitoring (one with a high-BP alert),
/// dosing, ready, checked in and scheduled.
///
/// The demo day is today, charted up to now, once the clinic has been open long enough for all of
/// them (the first checked in five hours before); until the scheduled one would no longer end by
/// closing time, then up to the latest time that still lets it. Before that — early in the day,
/// before opening, or on a closed day — it is the last clinic day, charted up to that latest time.
final class DemoSessions {
    /// What a demo session comes to.
    enum Outcome {
        case scheduled, checkedIn, ready, dosing, noShow, cancelled, stoppedEarly
        case monitoring(alert: Bool, nearDischarge: Bool)
        case discharged(remsSubmitted: Bool)
    }

    /// The demo day's sessions: each outcome with its check-in, in minutes from the day's anchor
    /// time, in check-in order and staggered so that four chairs hold them.
    static let day: [(Outcome, Int)] = [
        (.discharged(remsSubmitted: false), -300), (.stoppedEarly, -250), (.monitoring(alert: false, nearDischarge: true), -150),
        (.monitoring(alert: true, nearDischarge: false), -100), (.dosing, -40), (.ready, -25), (.checkedIn, -10), (.scheduled, 40),
    ]

    let database: Database
    let clock: DemoClock
    let prescriber: User
    let nurse: User
    let settings: ClinicSettings
    /// Every course is given at the first site; the second has its stock and visits.
    let sites: DemoSites
    var site: Site { sites.first }
    let ledger: DemoLedger
    /// The demo day, and the time on it the day's sessions are charted up to.
    let demoDay: CalendarDate
    let anchor: Date
    let today: CalendarDate
    /// The bookings moved onto the demo day so far, in the order of `day`.
    private(set) var placed: [Appointment] = []

    /// `credentials`: each demo user's email and password, for the witnesses and signatures the ledger asks.
    init(database: Database, clock: DemoClock, staff: [Role: User], credentials: [Role: LedgerEntryForm.WitnessCredentials], witnesses: Authenticator,
         settings: ClinicSettings, sites: DemoSites) {
        self.clock = clock
        self.sites = sites
        self.database = database.reading(clock: { clock.now })
        prescriber = staff[.prescriber]!
        nurse = staff[.nurse]!
        self.settings = settings
        today = clock.today
        ledger = DemoLedger(database: self.database, nurse: nurse, admin: staff[.admin]!, prescriber: prescriber, credentials: credentials, witnesses: witnesses, zone: clock.zone,
                            today: today, sites: sites)
        let first = Self.day.map(\.1).min()!, last = Self.day.map(\.1).max()!
        // The latest anchor that still lets the last session end by closing (135 chair minutes for esketamine).
        func latest(_ hours: OpeningHours.Day) -> Int { (hours.closes - last - 135) / 5 * 5 }
        let minute = clock.minute(of: clock.started)
        if let hours = sites.first.clinicDays.hours(on: today), minute >= hours.opens - first {
            demoDay = today
            anchor = clock.instant(today, minute: min(minute / 5 * 5, latest(hours)))
        } else {
            var day = today.adding(days: -1)
            while sites.first.clinicDays.hours(on: day) == nil { day = day.adding(days: -1) }
            demoDay = day
            anchor = clock.instant(day, minute: latest(sites.first.clinicDays.hours(on: day)!))
        }
    }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    var actor: Actor { Actor(userID: nurse.id, role: nurse.role, address: "demo", sessionID: nil, siteID: sites.first.id) }

    /// The demo day in words, for the demo's closing line: which day, and the time it is charted up to.
    var summary: String {
        let when = "\(demoDay == today ? "today" : Self.weekdays[demoDay.weekday - 1] + " " + demoDay.description), charted up to \(OpeningHours.clock(clock.minute(of: anchor)))"
        return demoDay == today || site.clinicDays.hours(on: today) == nil ? when
            : when + " (today's clinic day fills from five hours after opening)"
    }

    /// The course's sessions held before `until` (or the demo day), each discharged; the second of
    /// a paused course was a no-show and the third of a stopped one cancelled. Esketamine forms are
    /// sent two days after, except every fourth, left due or overdue for the REMS queue.
    func chartHeld(_ bookings: [Appointment], until: CalendarDate?, exits: Bool) async throws {
        let held = bookings.filter { $0.kind == .dosing && $0.status == .booked && $0.date < min(until ?? demoDay, demoDay) }
        for (index, booking) in held.enumerated() {
            let outcome: Outcome = exits && index == 1 ? .noShow : exits && index == 2 ? .cancelled
                : .discharged(remsSubmitted: index % 4 != 3 && booking.date.adding(days: 2) <= today)
            try await chart(booking, outcome: outcome, start: clock.instant(booking.date, minute: booking.startMinute))
        }
    }

    /// Receives the stock two months before today, before the first course's first session.
    func stock() async throws {
        clock.now = clock.instant(today.adding(days: -60), minute: 9 * 60)
        defer { clock.now = clock.started }
        try await ledger.stock()
    }

    /// Last evening's count: the clinic day before the demo day, at closing time.
    func countStock() async throws {
        var day = demoDay.adding(days: -1)
        while site.clinicDays.hours(on: day) == nil { day = day.adding(days: -1) }
        clock.now = clock.instant(day, minute: site.clinicDays.hours(on: day)!.closes)
        defer { clock.now = clock.started }
        try await ledger.count()
    }

    /// Moves a course's booking to the demo day at the time of the day's next outcome, in the first
    /// free chair, as each course is booked: the day then holds only sessions already in their
    /// places, and placing the outcomes in check-in order never needs more chairs than the most
    /// sessions at one time (first fit on intervals). Nil once the day is full, or if no chair is free.
    func place(_ booking: Appointment) async throws -> Appointment? {
        guard placed.count < Self.day.count else { return nil }
        let start = anchor.addingTimeInterval(Double(Self.day[placed.count].1 * 60))
        clock.now = min(start.addingTimeInterval(-3600), clock.started)
        defer { clock.now = clock.started }
        for chair in site.chairs {
            let form = AppointmentForm(date: demoDay.description, startTime: OpeningHours.clock(clock.minute(of: start)), chair: chair, reason: "clinic")
            do {
                let moved = try await database.changeAppointment(id: booking.id, form, today: demoDay, by: actor)
                placed.append(moved)
                return moved
            } catch is ConflictError {
                continue
            }
        }
        return nil
    }

    /// Charts the bookings placed on the demo day, each to its outcome; returns how many.
    func chartDay() async throws -> Int {
        for (booking, (outcome, _)) in zip(placed, Self.day) {
            try await chart(booking, outcome: outcome, start: clock.instant(booking.date, minute: booking.startMinute))
        }
        return placed.count
    }

    /// Charts one booked session from check-in (`start`) to its outcome, through the same rules as the pages.
    func chart(_ booking: Appointment, outcome: Outcome, start: Date) async throws {
        // Nothing is charted after the instant the demo is made for: a scheduled session's record is
        // opened by then, however soon it starts.
        func at(_ minutes: Int) { clock.now = min(start.addingTimeInterval(Double(minutes * 60)), clock.started) }
        at(-5)
        let id = try await database.openSession(.appointment(booking.id), today: booking.date, by: actor).id
        defer { clock.now = clock.started }
        let route = booking.session!.route
        func move(_ to: SessionStatus, at minutes: Int, note: String? = nil) async throws {
            at(minutes)
            _ = try await database.moveSession(id: id, to: to, note: note, by: nurse, actor: actor)
        }
        func change(at minutes: Int, _ edit: @escaping @Sendable (inout DosingSession, Date) throws -> String) async throws {
            at(minutes)
            _ = try await database.changeSession(id: id, by: actor) { session, tx, _ in try edit(&session, tx.now) }
        }
        let name = nurse.name
        func vitals(at minutes: Int, _ systolic: Int, _ diastolic: Int, sedation: Int) async throws {
            try await change(at: minutes) { session, now in
                let reading = try session.record(VitalSignsForm(systolic: systolic, diastolic: diastolic, heartRate: 72 + minutes % 11, spo2: 97 + minutes % 2,
                                                                sedation: sedation), byName: name, at: now)
                return "vitals \(reading.bloodPressure)"
            }
        }
        switch outcome {
        case .scheduled: return
        case .noShow: return try await move(.noShow, at: 30, note: "Did not attend; phoned, rebooking")
        case .cancelled: return try await move(.cancelled, at: -120, note: "Unwell with a fever; rebooked")
        default: break
        }
        try await move(.checkedIn, at: 0)
        try await vitals(at: 3, 122 + minuteSpread(start), 78, sedation: 5)
        try await change(at: 5) { session, _ in
            try session.answer(ReadinessChecklist(
                noFoodForTwoHours: route.isEsketamine ? true : nil, noLiquidsForThirtyMinutes: route.isEsketamine ? true : nil,
                noNasalSprayWithinHour: route.isEsketamine ? true : nil, rideConfirmed: true, noDrivingAcknowledged: true,
                pregnancy: .notApplicable, newMedications: []))
            return "readiness checklist answered"
        }
        if case .checkedIn = outcome { return }
        try await move(.ready, at: 8)
        if case .ready = outcome { return }
        try await move(.dosing, at: 15)
        if case .dosing = outcome { return }
        // The dose: devices 5 minutes apart (esketamine), or a 40-minute infusion of 100 mL (IV).
        let doseStart = start.addingTimeInterval(15 * 60)
        let devices = route.isEsketamine ? (booking.session!.number == 1 ? 2 : 3) : 0
        let given = AdministrationForm(
            lot: route.isEsketamine ? ledger.esketamineLot.lotNumber : ledger.ketamineLot.lotNumber, startedAt: route.isEsketamine ? nil : Instant.format(doseStart),
            deviceTimes: route.isEsketamine ? (0..<devices).map { Instant.format(doseStart.addingTimeInterval(Double($0 * 5 * 60))) } : nil,
            pumpRateMlPerHour: route == .ivKetamine ? 150 : nil, volumeMl: route == .ivKetamine ? 100 : nil,
            supervisedBy: prescriber.id.uuidString)
        at(16 + max(devices - 1, 0) * 5)
        let lot = route.isEsketamine ? ledger.esketamineLot : ledger.ketamineLot
        try await ledger.wasteRemainder(of: try await database.recordAdministration(id: id, given, drawingFrom: lot.id, by: nurse, actor: actor,
                                                                                                   timeZone: clock.zone))
        let doseEnd = route.isEsketamine ? 17 + max(devices - 1, 0) * 5 : 55
        try await move(.monitoring, at: doseEnd)
        switch outcome {
        case .stoppedEarly:
            try await change(at: doseEnd + 10) { session, now in
                let effect = try session.record(SideEffectForm(kind: "vomiting", severity: "moderate", intervention: "Ondansetron 4 mg; reassured"),
                                                byName: name, at: now)
                return "side effect: \(effect.kind.rawValue)"
            }
            try await vitals(at: doseEnd + 12, 146, 92, sedation: 4)
            try await move(.stoppedEarly, at: doseEnd + 15, note: "Vomiting and distress; stopped, watched until settled")
        case .monitoring(let alert, let nearDischarge):
            try await vitals(at: 55, alert ? 184 : 138, alert ? 104 : 86, sedation: 4)
            if nearDischarge { try await vitals(at: 95, 130, 82, sedation: 5) }
        case .discharged(let submitted):
            let earliest = settings.sessionRules.recoveryMinutes(after: route).map { doseEnd + $0 } ?? 15 + DosingSession.esketamineMonitoringMinutes
            try await vitals(at: 55, 140, 88, sedation: 4)
            try await vitals(at: earliest - 8, 128, 80, sedation: 5)
            try await change(at: earliest - 2) { session, now in
                try session.signOff(note: "Alert and oriented; ride home confirmed", byName: name, at: now)
                return "signed off for discharge"
            }
            try await move(.discharged, at: earliest + 2)
            if submitted && route.isEsketamine {
                let sent = booking.date.adding(days: 2), today = today
                try await change(at: 2 * 24 * 60) { session, _ in
                    try session.submitRems(on: sent, reference: "PMF-\(sent.day)\(sent.month)", byName: name, today: today)
                    return "REMS monitoring form submitted on \(sent)"
                }
            }
        default: break
        }
    }

    /// A few mmHg of spread between patients, from the check-in minute.
    private func minuteSpread(_ start: Date) -> Int { clock.minute(of: start) % 13 }
}

extension DemoSessions {
    /// Consultation visits on the second site's board: two patients on its first open day from
    /// today on its own calendar, booked by the nurse working there. Returns how many.
    func visitsAtSecondSite() async throws -> Int {
        let site = sites.second
        let zone = site.timeZone(fallback: clock.zone)
        let today = CalendarDate(clock.started, in: zone)
        guard let day = site.clinicDays.firstOpen(onOrAfter: today) else { return 0 }
        var actor = self.actor
        actor.siteID = site.id
        let patients = try await database.searchPatients("", page: Page(number: 1, size: 2), by: actor).items
        for (index, patient) in patients.enumerated() {
            let form = AppointmentForm(patientId: patient.id.uuidString, kind: Appointment.Kind.consultation.rawValue, date: day.description,
                                       startTime: OpeningHours.clock(site.clinicDays.hours(on: day)!.opens + 60 * (index + 1)), durationMinutes: 45,
                                       chair: site.chairs[index % site.chairs.count], note: "Second opinion, nearer home")
            _ = try await database.book(try form.checkedBooking(today: today), today: today, by: actor)
        }
        return patients.count
    }
}
