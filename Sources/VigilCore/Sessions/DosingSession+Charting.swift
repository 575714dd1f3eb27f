import Foundation

/// What staff chart in a session, each refused with the reason when the session is not at a stage
/// where it belongs.
extension DosingSession {
    /// The earliest time a record may carry: 12 hours before the session was opened on screen, so
    /// that readings taken at the desk before check-in, or a session charted from paper at the end
    /// of the clinic day, keep the times they were taken at.
    public var chartedFrom: Date { createdAt.addingTimeInterval(-Double(Self.chartingWindowHours) * 3600) }

    public static let chartingWindowHours = 12

    /// Replaces the pre-dose checklist while the session runs.
    public mutating func answer(_ answers: ReadinessChecklist) throws {
        guard !status.hasEnded else { throw ConflictError("status", "the session has ended (\(status.rawValue))") }
        var answers = answers
        answers.note = try Self.note(answers.note, field: "note")
        checklist = answers
    }

    /// A prescriber's acknowledgement of every caution reason standing now; refused for any other verdict.
    public mutating func acknowledgeCaution(note: String?, byName: String, at now: Date, rules: SessionRules) throws {
        guard let text = try Self.note(note, field: "note") else {
            throw ValidationError("note", "is required (up to 1000 characters): why dosing may go ahead")
        }
        let verdict = readiness(rules: rules, at: now)
        guard verdict.status == .caution, !status.isDosedOrLater else {
            throw ConflictError("readiness", "is \(verdict.status.rawValue) before dosing; only a caution is acknowledged")
        }
        acknowledgement = CautionAcknowledgement(reasons: verdict.reasons, note: text, byName: byName, at: now)
    }

    /// A set of vitals, from check-in until the session ends (a stopped session is still watched).
    public mutating func record(_ form: VitalSignsForm, byName: String, at now: Date) throws -> VitalSigns {
        guard status != .scheduled, !status.hasEnded || status == .stoppedEarly else {
            throw ConflictError("status", "vitals are recorded from check-in until the session ends; it is \(status.rawValue)")
        }
        let reading = try form.checked(now: now, notBefore: chartedFrom, recordedByName: byName)
        vitals.append(reading)
        vitals.sort { $0.takenAt < $1.takenAt }
        return reading
    }

    /// A side effect, once dosing has begun.
    public mutating func record(_ form: SideEffectForm, byName: String, at now: Date) throws -> SideEffect {
        guard status.isDosedOrLater else { throw ConflictError("status", "side effects are recorded once dosing has begun") }
        let effect = try form.checked(now: now, notBefore: chartedFrom, recordedByName: byName)
        sideEffects.append(effect)
        return effect
    }

    /// Documents a side effect resolved, by whom and when (`at` empty: now).
    public mutating func resolveSideEffect(id: UUID, at time: String?, byName: String, now: Date) throws {
        guard let index = sideEffects.firstIndex(where: { $0.id == id }) else { throw ValidationError("sideEffect", "is not one of this session's side effects") }
        guard sideEffects[index].isOpen else { throw ConflictError("sideEffect", "was already documented resolved by \(sideEffects[index].resolvedByName ?? "a clinician")") }
        let resolved = time.map { Instant.parse($0) } ?? now
        guard let resolved, resolved >= sideEffects[index].at, resolved <= now.addingTimeInterval(120) else {
            throw ValidationError("at", "must be a date-time from the side effect's time to now")
        }
        sideEffects[index].resolvedAt = resolved
        sideEffects[index].resolvedByName = byName
    }

    /// Records the dose given, once, while dosing, checked against the order and the protocol. The dose given is the dose ordered: only a prescriber (`mayChangeDose`)
    /// records another, and the caller then makes it the order from this session on, with the note
    /// as its reason, in the same transaction: a dose is a prescriber's decision, and the record must
    /// not let the person charting it give another (clinical review F-S1: an IV order of 0.5 mg/kg
    /// could be recorded as 2.0 mg/kg with a note).
    public mutating func administer(_ form: AdministrationForm, ordered: Dose, treatmentProtocol: TreatmentProtocol, at now: Date,
                                    administeredBy: Appointment.StaffMember, supervisedBy: Appointment.StaffMember,
                                    mayChangeDose: Bool) throws -> Administration {
        guard status == .dosing else { throw ConflictError("status", "an administration is recorded while dosing; the session is \(status.rawValue)") }
        guard administration == nil else { throw ConflictError("administration", "this session's dose is already recorded") }
        if form.changesOrder(ordered) && !mayChangeDose {
            throw ConflictError("doseMg", "\(Dose.formatted(form.dose(ordered: ordered))) mg is not the dose ordered for session \(sessionNumber), \(ordered.shown); "
                                + "only a prescriber changes a dose — give the ordered dose, or ask a prescriber to order or record another")
        }
        let given = try form.checked(ordered: ordered, treatmentProtocol: treatmentProtocol, now: now, notBefore: chartedFrom,
                                     administeredBy: administeredBy, supervisedBy: supervisedBy)
        var validator = Validator()
        for bound in doseNotBefore where given.startedAt < bound.at {
            validator.add(given.devices.isEmpty ? "startedAt" : "deviceTimes[0]",
                          "is before \(bound.what) (\(Instant.format(bound.at))): a dose cannot be given before it")
        }
        try validator.finish()
        administration = given
        return given
    }

    /// What a dose may not start before (clinic-day issue, finding 3: a device time of 10:00 was
    /// taken on a session checked in at 14:40): check-in; the move to ready before the dose, which
    /// needs the checklist complete; the latest pre-dose reading the gate passed on when the session
    /// moved to dosing; and a prescriber's acknowledgement of a caution.
    public var doseNotBefore: [(at: Date, what: String)] {
        var bounds: [(at: Date, what: String)] = []
        if let checkedIn = time(of: .checkedIn) { bounds.append((checkedIn, "check-in")) }
        let gate = time(of: .dosing)
        if let ready = transitions.last(where: { $0.to == .ready && $0.at <= (gate ?? .distantFuture) }) {
            bounds.append((ready.at, "the move to ready, with the checklist complete"))
        }
        if let gate, let reading = vitals.last(where: { $0.takenAt <= gate }) {
            bounds.append((reading.takenAt, "the pre-dose vital signs the readiness gate passed on"))
        }
        if let acknowledged = acknowledgement { bounds.append((acknowledged.at, "the prescriber's acknowledgement of the caution")) }
        return bounds
    }

    /// A clinician's decision that the patient may leave, while monitoring.
    public mutating func signOff(note: String?, byName: String, at now: Date) throws {
        let text = try Self.note(note, field: "note")
        guard status == .monitoring else { throw ConflictError("status", "sign-off is given while monitoring; the session is \(status.rawValue)") }
        signOff = SignOff(byName: byName, at: now, note: text)
    }

    // MARK: REMS

    /// When the esketamine REMS monitoring form is due: within 7 days of the session (clinical reference §2.1).
    public var remsDueBy: CalendarDate? { route.isEsketamine ? date.adding(days: RemsMonitoringForm.daysToSubmit) : nil }

    public enum RemsState: String, Sendable {
        case due, overdue, submitted
    }

    /// Where the form stands: only for an esketamine session with a dose.
    public func remsState(today: CalendarDate) -> RemsState? {
        guard let due = remsDueBy, administration != nil else { return nil }
        return remsSubmission != nil ? .submitted : today > due ? .overdue : .due
    }

    /// Records that the form was sent, on a day from the session to today.
    public mutating func submitRems(on day: CalendarDate, reference: String?, byName: String, today: CalendarDate) throws {
        guard remsDueBy != nil, administration != nil, [.discharged, .stoppedEarly].contains(status) else {
            throw ConflictError("status", "a monitoring form is sent for an esketamine session once it has ended after a dose")
        }
        var validator = Validator()
        validator.check(day >= date && day <= today, "submittedOn", "must be from the session (\(date)) to today")
        let confirmation = validator.text(reference, "reference", max: 100, required: false)
        try validator.finish()
        remsSubmission = RemsSubmission(submittedOn: day, reference: confirmation, byName: byName)
    }

    /// A free-text note, trimmed, nil when empty, refused over 1000 characters.
    static func note(_ text: String?, field: String) throws(ValidationError) -> String? {
        var validator = Validator()
        let trimmed = validator.text(text, field, max: 1000, required: false)
        try validator.finish()
        return trimmed
    }
}
