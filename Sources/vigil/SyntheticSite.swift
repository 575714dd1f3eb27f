import Foundation
import VigilCore
import VigilStorage

/// One synthetic site's year: patients registered through the clinic's storage calls, their
/// sessions booked in the site's chairs and charted through the core's rules (a few no-shows,
/// cancellations and stopped sessions among them), measures before and after doses and weekly
/// from home, the stock received each quarter, every dose drawn and each vial's remainder wasted
/// with a witness, and the audit events of it all — written many rows a statement.
final class SyntheticSite: @unchecked Sendable {
    struct Totals: Sendable {
        var patients = 0, courses = 0, bookings = 0, sessions = 0, vitals = 0, assessments = 0, ledger = 0, audit = 0

        mutating func add(_ other: Totals) {
            patients += other.patients; courses += other.courses; bookings += other.bookings; sessions += other.sessions
            vitals += other.vitals; assessments += other.assessments; ledger += other.ledger; audit += other.audit
        }

        var rows: Int { patients * 8 + courses * 3 + bookings + sessions * 7 + vitals + assessments + ledger + audit }
    }

    /// Routes in the proportions a ketamine network gives them: esketamine and IV ketamine most, then IM, oral and sublingual.
    static let routes: [(TreatmentRoute, String, Int)] = [
        (.esketamineNasal, "esketamine-trd", 45), (.ivKetamine, "iv-ketamine", 40), (.imKetamine, "im-ketamine", 7),
        (.oralKetamine, "oral-ketamine", 4), (.sublingualKetamine, "sublingual-ketamine", 4),
    ]

    let network: SyntheticNetwork
    let site: Site
    let staff: SyntheticStaff
    let zone: TimeZone
    let today: CalendarDate
    var random: SeededGenerator
    /// Each day's chairs: the minute each is free from.
    var chairs: [CalendarDate: [Int]] = [:]
    var totals = Totals()
    var appointments: [(Appointment, createdAt: Date)] = []
    var sessions: [DosingSession] = []
    var assessments: [Assessment] = []
    var audit: [(AuditRecord, at: Date)] = []
    /// The quarter's lot of each product, by the quarter's first day.
    var lots: [String: StockLot] = [:]
    var drawn: [LedgerEntry] = []

    init(network: SyntheticNetwork, site: Site, staff: SyntheticStaff, seed: UInt64) {
        self.network = network
        self.site = site
        self.staff = staff
        zone = site.timeZone(fallback: network.clock.zone)
        today = CalendarDate(network.clock.started, in: zone)
        random = SeededGenerator(seed: seed)
    }

    var database: Database { network.database }
    var clock: DemoClock { network.clock }

    func fill() async throws -> Totals {
        var held = 0, index = 0
        while held < network.sessionsPerSite {
            held += try await patient(index)
            index += 1
        }
        try await receiveStock()
        try await database.write { [self] tx in
            try await tx.insert(appointments: appointments, createdBy: staff.frontDesk.id)
            try await tx.insert(sessions: sessions, recordedBy: nil)
            try await tx.insert(assessments: assessments)
            let entries = try await tx.append(ledger: drawn.sorted { $0.occurredAt < $1.occurredAt })
            audit += entries.map { (AuditRecord(actor(staff.nurses[0]), .create, resourceType: "LedgerEntry", resourceID: $0.id.lowercased,
                                                patientID: $0.patientID, detail: "\($0.kind.rawValue) of \(LedgerEntry.canonical($0.quantity))"), $0.recordedAt) }
            try await tx.audit(audit.sorted { $0.at < $1.at })
        }
        totals.bookings = appointments.count
        totals.sessions = sessions.count
        totals.vitals = sessions.reduce(0) { $0 + $1.vitals.count }
        totals.assessments = assessments.count
        totals.ledger = drawn.count
        totals.audit = audit.count
        network.progress.advance(by: 0, rows: totals.rows - totals.patients * 8 - totals.courses * 3)
        return totals
    }

    func actor(_ user: User) -> Actor { Actor(userID: user.id, role: user.role, address: "seed", sessionID: nil, siteID: site.id) }

    func at(_ date: CalendarDate, _ minute: Int) -> Date { date.instant(minute: minute, in: zone) }

    func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }

    func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    /// Registers one patient and starts their course through the clinic's storage calls, then charts
    /// it; returns how many sessions were held.
    func patient(_ index: Int) async throws -> Int {
        let roll = Int.random(in: 0..<100, using: &random)
        var sum = 0
        let (route, protocolID, _) = Self.routes.first { sum += $0.2; return roll < sum }!
        // Courses began at any time in the year; a few start in the coming week.
        let start = today.adding(days: -Int.random(in: -7...365, using: &random))
        let prescriber = pick(staff.prescribers), nurse = pick(staff.nurses)
        clock.now = at(start.adding(days: -14), 9 * 60 + Int.random(in: 0...480, using: &random))
        var form = PatientForm()
        form.givenName = pick(DemoPatients.givenNames)
        form.familyName = pick(DemoPatients.familyNames)
        form.birthDate = String(format: "%04d-%02d-%02d", 1948 + Int.random(in: 0...54, using: &random), Int.random(in: 1...12, using: &random),
                                Int.random(in: 1...28, using: &random))
        form.sex = pick(["female", "female", "male", "male", "other"])
        form.phone = String(format: "555-01%02d-%04d", index % 100, Int.random(in: 0...9999, using: &random))
        form.weightKg = Double(Int.random(in: 50...115, using: &random))
        form.heightCm = Double(Int.random(in: 150...195, using: &random))
        form.diagnoses = [Diagnosis(code: chance(30) ? "F32.2" : "F33.2",
                                    text: "Major depressive disorder, treatment-resistant")]
        if route.isEsketamine {
            form.remsStatus = RemsEnrollment.Status.enrolled.rawValue
            form.remsEnrolledOn = CalendarDate(clock.now, in: zone).description
        }
        form.rideHomeContact = Contact(name: "\(pick(DemoPatients.givenNames)) \(form.familyName!)", phone: "555-0199-\(1000 + index % 9000)")
        let registered = CalendarDate(clock.now, in: zone)
        let patient = try await database.createPatient(try form.checked(creating: true, today: registered), by: actor(nurse))
        var trialStart = registered.adding(days: -500)
        for number in 0..<2 {
            let drug = network.table.drug(named: ["sertraline", "escitalopram", "venlafaxine", "duloxetine", "bupropion"][(index + number) % 5])!
            let trial = try MedicationTrialForm(drug: drug.genericName, dailyDoseMg: drug.minimumDailyDoseMg * 2, startDate: trialStart.description,
                                                endDate: trialStart.adding(days: 70).description, currentEpisode: true, adherence: "adequate",
                                                outcome: "no-response").checked(table: network.table, today: registered, overrideBy: nil)
            _ = try await database.addMedicationTrial(trial, patientID: patient.id, by: actor(nurse))
            trialStart = trialStart.adding(days: 90)
        }
        let responses = Dictionary(uniqueKeysWithValues: ScreeningItem.allCases.map { ($0, Screening.Response(.no)) })
        try await database.saveScreening(Screening(responses: responses, systolic: 112 + index % 20, diastolic: 70 + index % 12,
                                                   substanceUseHistory: "No substance use."), patientID: patient.id, by: actor(nurse))
        _ = try await database.signEligibility(patientID: patient.id, route: route, note: nil, criteria: network.settings.criteria, today: registered,
                                               signer: prescriber, by: actor(prescriber))
        if let template = try await database.currentConsentTemplate(route: route) {
            _ = try await database.recordConsent(patientID: patient.id, templateID: template.id, typedName: patient.fullName, witness: nurse, by: actor(nurse))
        }
        let used = ProtocolLibrary.all.first { $0.id == protocolID }!
        let dosing = used.dosing
        clock.now = at(min(start, today), 8 * 60)
        let plan = CoursePlanForm(protocolID: protocolID, startDate: start.description,
                                  doseMgPerKg: dosing.isWeightBased ? dosing.standard : nil,
                                  doseMg: dosing.isWeightBased ? nil : (route.isEsketamine && chance(50) ? dosing.highest : dosing.standard))
        var course = try await database.startCourse(patientID: patient.id, form: plan, today: min(start, today), prescriber: prescriber, by: actor(prescriber))
        totals.patients += 1
        totals.courses += 1
        network.progress.advance(by: 0, rows: 12)
        guard start <= today else {
            return book(course, patient: patient, planned: course.plannedSessions(today: today, days: site.clinicDays), nurse: nurse, prescriber: prescriber)
        }
        course = try await database.changeCourseStatus(id: course.id, to: .active, reason: nil, today: start, by: actor(prescriber))
        var planned = course.plannedSessions(today: today, days: site.clinicDays)
        // A quarter of maintenance courses stop after some months; courses with a fixed number of sessions complete after the last.
        var ending: (CourseStatus, CalendarDate, String?)?
        if used.phases.contains(where: { $0.sessions == nil }), chance(25), planned.count > 14 {
            planned = Array(planned.prefix(Int.random(in: 12...planned.count - 1, using: &random)))
            if let last = planned.last, last.plannedDate < today {
                ending = (.stopped, last.plannedDate.adding(days: 3), pick(["Remission held; stopping maintenance", "Moved away", "Cost; no insurance cover",
                                                                             "Side effects outweigh the benefit"]))
            }
        } else if let last = planned.last, used.phases.allSatisfy({ $0.sessions != nil }), last.plannedDate < today.adding(days: -3) {
            ending = (.completed, last.plannedDate.adding(days: 2), nil)
        }
        let held = book(course, patient: patient, planned: planned, nurse: nurse, prescriber: prescriber)
        if let (status, day, reason) = ending {
            clock.now = at(day, 12 * 60)
            _ = try await database.changeCourseStatus(id: course.id, to: status, reason: reason, today: day, by: actor(prescriber))
        }
        clock.now = clock.started
        return held
    }
}
