import Foundation
import VigilCore
import VigilStorage

/// The demo's dosing sessions, charted through the same rules as the pages, at the times they
/// were held (the database reads a demo clock): every booked session before the demo day is
/// discharged (a no-show and a cancellation among them), and the demo day has one session in each
/// state of a clinic day — discharged, stopped early, monitoring (one with a high-BP alert),
/// dosing, ready, checked in and scheduled.
///
/// The demo day is today once the clinic has been open long enough for all of them (from five
/// hours after opening); before that, or on a closed day, it is the last clinic day.
struct DemoSessions {
    /// What a demo session comes to.
    enum Outcome {
        case scheduled, checkedIn, ready, dosing, noShow, cancelled, stoppedEarly
        case monitoring(alert: Bool, nearDischarge: Bool)
        case discharged(remsSubmitted: Bool)
    }

    /// The demo day's sessions: each outcome with its check-in, in minutes from the day's anchor
    /// time, staggered so four chairs hold them.
    static let day: [(Outcome, Int)] = [
        (.discharged(remsSubmitted: false), -300), (.stoppedEarly, -250), (.monitoring(alert: false, nearDischarge: true), -150),
        (.monitoring(alert: true, nearDischarge: false), -100), (.dosing, -40), (.ready, -25), (.checkedIn, -10), (.scheduled, 40),
    ]

    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date()
        var now: Date {
            get { lock.withLock { current } }
            set { lock.withLock { current = newValue } }
        }
    }

    let database: Database
    let clock: Clock
    let prescriber: User
    let nurse: User
    let settings: ClinicSettings
    let ledger: DemoLedger
    /// The demo day, and the time on it the day's sessions are charted up to.
    let demoDay: CalendarDate
    let anchor: Date
    let today: CalendarDate

    init(database: Database, staff: [Role: User], witness: LedgerEntryForm.WitnessCredentials, hasher: PasswordHasher, settings: ClinicSettings,
         now: Date = Date()) {
        let clock = Clock()
        self.clock = clock
        self.database = database.reading(clock: { clock.now })
        prescriber = staff[.prescriber]!
        nurse = staff[.nurse]!
        self.settings = settings
        today = CalendarDate(now, in: .current)
        ledger = DemoLedger(database: self.database, nurse: nurse, admin: staff[.admin]!, witness: witness, hasher: hasher, year: today.year, today: today)
        let first = Self.day.map(\.1).min()!, last = Self.day.map(\.1).max()!
        // The latest anchor that still lets the last session end by closing (135 chair minutes for esketamine).
        func latest(_ hours: OpeningHours.Day) -> Int { (hours.closes - last - 135) / 5 * 5 }
        let minute = Self.minute(of: now)
        if let hours = settings.openingHours.hours(on: today), minute >= hours.opens - first {
            demoDay = today
            anchor = Self.instant(today, minute: min(minute / 5 * 5, latest(hours)))
        } else {
            var day = today.adding(days: -1)
            while settings.openingHours.hours(on: day) == nil { day = day.adding(days: -1) }
            demoDay = day
            anchor = Self.instant(day, minute: latest(settings.openingHours.hours(on: day)!))
        }
    }

    private var actor: Actor { Actor(userID: nurse.id, role: nurse.role, address: "demo", sessionID: nil) }

    static func instant(_ date: CalendarDate, minute: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: minute / 60, minute: minute % 60))!
    }

    static func minute(of date: Date) -> Int {
        let parts = Calendar.current.dateComponents([.hour, .minute], from: date)
        return parts.hour! * 60 + parts.minute!
    }

    /// The course's sessions held before `until` (or the demo day), each discharged; the second of
    /// a paused course was a no-show and the third of a stopped one cancelled. Esketamine forms are
    /// sent two days after, except every fourth, left due or overdue for the REMS queue.
    func chartHeld(_ bookings: [Appointment], until: CalendarDate?, exits: Bool) async throws {
        let held = bookings.filter { $0.kind == .dosing && $0.status == .booked && $0.date < min(until ?? demoDay, demoDay) }
        for (index, booking) in held.enumerated() {
            let outcome: Outcome = exits && index == 1 ? .noShow : exits && index == 2 ? .cancelled
                : .discharged(remsSubmitted: index % 4 != 3 && booking.date.adding(days: 2) <= today)
            try await chart(booking, outcome: outcome, start: Self.instant(booking.date, minute: booking.startMinute))
        }
    }

    /// Receives the stock two months before today, before the first course's first session.
    func stock() async throws {
        clock.now = Self.instant(today.adding(days: -60), minute: 9 * 60)
        try await ledger.stock()
    }

    /// Last evening's count: the clinic day before the demo day, at closing time.
    func countStock() async throws {
        var day = demoDay.adding(days: -1)
        while settings.openingHours.hours(on: day) == nil { day = day.adding(days: -1) }
        clock.now = Self.instant(day, minute: settings.openingHours.hours(on: day)!.closes)
        try await ledger.count()
    }

    /// Moves each active course's booking to the demo day at its outcome's time, in a free chair,
    /// and charts it; a booking that cannot move (every chair taken) is left where it was.
    func chartDay(_ bookings: [Appointment]) async throws -> Int {
        var charted = 0
        for (booking, (outcome, offset)) in zip(bookings, Self.day) {
            let start = anchor.addingTimeInterval(Double(offset * 60))
            let minute = Self.minute(of: start)
            clock.now = min(start.addingTimeInterval(-3600), Date())
            for chair in settings.chairs {
                let form = AppointmentForm(date: demoDay.description, startTime: OpeningHours.clock(minute), chair: chair, reason: "clinic")
                guard let moved = try? await database.changeAppointment(id: booking.id, form, today: demoDay, by: actor) else { continue }
                try await chart(moved, outcome: outcome, start: start)
                charted += 1
                break
            }
        }
        return charted
    }

    /// Charts one booked session from check-in (`start`) to its outcome, through the same rules as the pages.
    func chart(_ booking: Appointment, outcome: Outcome, start: Date) async throws {
        func at(_ minutes: Int) { clock.now = start.addingTimeInterval(Double(minutes * 60)) }
        at(-5)
        let id = try await database.openSession(.appointment(booking.id), today: booking.date, by: actor).id
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
        try await ledger.wasteRemainder(of: try await database.recordAdministration(id: id, given, drawingFrom: lot.id, by: nurse, actor: actor))
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
            let earliest = route.isEsketamine ? 15 + DosingSession.esketamineMonitoringMinutes : doseEnd + settings.sessionRules[.infusionRecoveryMinutes]
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
    private func minuteSpread(_ start: Date) -> Int { Self.minute(of: start) % 13 }
}
