import Foundation

/// A prescriber's request to start a course, checked against the protocol and the patient's record.
public struct CoursePlanForm: Sendable, Decodable {
    public var protocolID: String?
    public var startDate: String?
    public var doseMgPerKg: Double?
    public var doseMg: Double?
    public var sessionsPerWeek: Int?
    public var maintenanceEveryDays: Int?
    public var overrideReason: String?
    /// Esketamine for depression with suicidal ideation: the ideation or behaviour the course is for.
    public var indicationNote: String?
    /// Racemic ketamine outside adult major depression: the prescriber's reason to go on.
    public var indicationOverride: String?
    /// Another course still open for the patient: the prescriber's reason for a second one.
    public var concurrentCourseReason: String?

    enum CodingKeys: String, CodingKey {
        case protocolID = "protocol", startDate, doseMgPerKg, doseMg, sessionsPerWeek, maintenanceEveryDays, overrideReason, indicationNote, indicationOverride,
             concurrentCourseReason
    }

    public init(protocolID: String?, startDate: String?, doseMgPerKg: Double? = nil, doseMg: Double? = nil, sessionsPerWeek: Int? = nil,
                maintenanceEveryDays: Int? = nil, overrideReason: String? = nil, indicationNote: String? = nil, indicationOverride: String? = nil,
                concurrentCourseReason: String? = nil) {
        self.protocolID = protocolID
        self.startDate = startDate
        self.doseMgPerKg = doseMgPerKg
        self.doseMg = doseMg
        self.sessionsPerWeek = sessionsPerWeek
        self.maintenanceEveryDays = maintenanceEveryDays
        self.overrideReason = overrideReason
        self.indicationNote = indicationNote
        self.indicationOverride = indicationOverride
        self.concurrentCourseReason = concurrentCourseReason
    }

    /// One course at a time: a patient with another open course (planned, active or paused) gets a
    /// second only with the prescriber's reason, which is returned to keep with the new course's
    /// record; doses of both then keep the longer spacing of the two protocols (`ScheduleRules`).
    /// Clinic-day issue, finding 4: an IV course was planned on top of an active esketamine course.
    public func concurrentCourse(with courses: [Course]) throws -> String? {
        let open = courses.filter { !$0.hasEnded }
        guard let other = open.first else { return nil }
        var validator = Validator()
        let reason = validator.text(concurrentCourseReason, "concurrentCourseReason", max: 1000, required: false)
        try validator.finish()
        guard let reason, reason.count >= 5 else {
            throw ConflictError("concurrentCourseReason", "the patient already has an open course — \(other.treatmentProtocol.name), \(other.status.rawValue), from \(other.startDate); "
                                + "a second course at the same time needs the prescriber's reason (5 to 1000 characters)")
        }
        return "alongside \(open.map { "\($0.treatmentProtocol.name) (\($0.status.rawValue))" }.joined(separator: ", ")): \(reason)"
    }

    /// The course as checked: its start, each phase's cadence and the first dose order(s).
    public struct Checked: Sendable {
        public let treatmentProtocol: TreatmentProtocol
        public let startDate: CalendarDate
        public let cadences: [SchedulePhase.Cadence]
        /// Orders as (first session, dose): a label first dose for session 1 where the protocol has one.
        public let orders: [(fromSession: Int, order: DoseOrder.Checked)]
        /// What the prescriber wrote for the indication, to keep with the course's record.
        public let indication: String?
    }

    /// Checks the request and the prerequisites: a signed eligibility decision of eligible (or
    /// eligible with precautions) for the route, a current consent for the route, a recent weight for
    /// weight-based doses, and REMS enrollment for esketamine (clinical reference §2.1: enrolled
    /// before the first outpatient dose). `inductionPerWeek` is the clinic's setting.
    public func checked(protocol found: TreatmentProtocol?, patient: Patient, decisions: [EligibilityDecision], consents: [Consent],
                        treatmentResistant: Bool, inductionPerWeek: Int, today: CalendarDate) throws(ValidationError) -> Checked {
        var validator = Validator()
        guard let found else {
            throw ValidationError("protocol", protocolID == nil ? "is required" : "\(protocolID!) is not a protocol in the clinic's library")
        }
        let start = startDate.flatMap(CalendarDate.init)
        if let start {
            validator.check(start >= today && start <= today.adding(days: 365), "startDate", "must be from today to a year ahead")
        } else {
            validator.add("startDate", "must be a date in YYYY-MM-DD form")
        }
        let cadences = found.phases.map { phase -> SchedulePhase.Cadence in
            let asked: SchedulePhase.Cadence?
            let field: String
            switch phase.cadence {
            case .perWeek:
                field = "sessionsPerWeek"
                asked = phase.kind == .induction ? (sessionsPerWeek ?? (phase.choices.contains(.perWeek(inductionPerWeek)) ? inductionPerWeek : nil)).map { .perWeek($0) } : nil
            case .everyDays:
                field = "maintenanceEveryDays"
                asked = phase.sessions == nil ? maintenanceEveryDays.map { .everyDays($0) } : nil
            }
            guard let asked, asked != phase.cadence else { return phase.cadence }
            if phase.choices.contains(asked) { return asked }
            validator.add(field, phase.choices.isEmpty ? "this protocol's \(phase.kind.rawValue) is fixed at \(phase.cadence.shown)"
                          : "must be \(phase.choices.map(\.shown).joined(separator: " or ")) for this protocol")
            return phase.cadence
        }
        validator.add(contentsOf: CoursePrerequisites.unmet(route: found.route, patient: patient, decisions: decisions, consents: consents))
        let note = validator.text(indicationNote, "indicationNote", max: 1000, required: false)
        let override = validator.text(indicationOverride, "indicationOverride", max: 1000, required: false)
        validator.add(contentsOf: CourseIndication.unmet(found, patient: patient, treatmentResistant: treatmentResistant, indicationNote: note,
                                                         indicationOverride: override, today: today))
        var orders: [(Int, DoseOrder.Checked)] = []
        do {
            let dosing = found.dosing
            let main = try DoseOrder.checked(doseMgPerKg: doseMgPerKg, doseMg: doseMg, overrideReason: overrideReason, dosing: dosing,
                                             weight: patient.weight, today: today, fromSession: dosing.firstDose == nil ? 1 : 2, fallback: dosing.standard)
            if let first = dosing.firstDose {
                let firstOrder = try DoseOrder.checked(doseMgPerKg: nil, doseMg: first, overrideReason: nil, dosing: dosing,
                                                       weight: patient.weight, today: today, fromSession: 1)
                orders = [(1, firstOrder), (2, main)]
            } else {
                orders = [(1, main)]
            }
        } catch {
            validator.add(contentsOf: error.errors)
        }
        try validator.finish()
        let indication = [note.map { "indication: \($0)" }, override.map { "outside adult major depression: \($0)" }].compactMap { $0 }
        return Checked(treatmentProtocol: found, startDate: start!, cadences: cadences, orders: orders,
                       indication: indication.isEmpty ? nil : indication.joined(separator: "; "))
    }
}
