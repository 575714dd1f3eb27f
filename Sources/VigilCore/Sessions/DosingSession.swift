import Foundation

/// One supervised dose: from check-in through readiness, the dose, monitoring and discharge.
public struct DosingSession: Sendable, Equatable, Identifiable {
    public let id: UUID
    public let patientID: UUID
    public let patientName: String
    public let courseID: UUID
    public let sessionNumber: Int
    public let route: TreatmentRoute
    public let appointmentID: UUID?
    public let date: CalendarDate
    public let chair: String?
    public let createdAt: Date
    public var status: SessionStatus
    public var transitions: [SessionTransition]
    public var checklist: ReadinessChecklist
    public var acknowledgement: CautionAcknowledgement?
    public var administration: Administration?
    /// In the order taken.
    public var vitals: [VitalSigns]
    public var sideEffects: [SideEffect]
    public var signOff: SignOff?
    public var remsSubmission: RemsSubmission?
    /// Why the session's course may not dose now — paused, stopped, or a prerequisite gone (see
    /// `CoursePrerequisites`) — as storage reads it with the session; each is a hold at the gate.
    public var courseHolds: [String] = []

    /// Where the session was given: its chairs, its REMS certification, its controlled-substance book.
    public var siteID: UUID

    public init(id: UUID, patientID: UUID, patientName: String, courseID: UUID, sessionNumber: Int, route: TreatmentRoute, appointmentID: UUID?,
                date: CalendarDate, chair: String?, createdAt: Date, status: SessionStatus = .scheduled, transitions: [SessionTransition] = [],
                checklist: ReadinessChecklist = ReadinessChecklist(), acknowledgement: CautionAcknowledgement? = nil,
                administration: Administration? = nil, vitals: [VitalSigns] = [], sideEffects: [SideEffect] = [], signOff: SignOff? = nil,
                remsSubmission: RemsSubmission? = nil, siteID: UUID = Site.firstID) {
        self.id = id
        self.siteID = siteID
        self.patientID = patientID
        self.patientName = patientName
        self.courseID = courseID
        self.sessionNumber = sessionNumber
        self.route = route
        self.appointmentID = appointmentID
        self.date = date
        self.chair = chair
        self.createdAt = createdAt
        self.status = status
        self.transitions = transitions
        self.checklist = checklist
        self.acknowledgement = acknowledgement
        self.administration = administration
        self.vitals = vitals
        self.sideEffects = sideEffects
        self.signOff = signOff
        self.remsSubmission = remsSubmission
    }

    /// A clinician's decision that the patient may leave (label: "a clinical decision that the patient may leave").
    public struct SignOff: Sendable, Equatable, Codable {
        public let byName: String
        public let at: Date
        public let note: String?

        public init(byName: String, at: Date, note: String?) {
            self.byName = byName
            self.at = at
            self.note = note
        }
    }

    /// When the first move into `status` was made.
    public func time(of status: SessionStatus) -> Date? { transitions.first { $0.to == status }?.at }

    /// Whether the session keeps its course session number: under way, or ended after a dose. One
    /// that ended without a dose — a no-show, a cancellation, a stop before dosing — leaves the number
    /// to a rebooked session (clinic-day issue, finding 2).
    public var holdsItsNumber: Bool { !status.hasEnded || administration != nil }

    /// When the dose began: the first device or the start of the infusion, else the move to dosing.
    public var doseStartedAt: Date? { administration?.startedAt ?? time(of: .dosing) }

    /// When the dose ended: the last device, the end of the infusion, else the move to monitoring.
    public var doseEndedAt: Date? { administration?.endedAt ?? time(of: .monitoring) }

    public var preDoseVitals: [VitalSigns] { vitals.filter { reading in doseStartedAt.map { reading.takenAt < $0 } ?? true } }
    public var postDoseVitals: [VitalSigns] { vitals.filter { reading in doseStartedAt.map { reading.takenAt >= $0 } ?? false } }

    // MARK: Readiness

    /// The pre-dose gate at `now`: every checklist answer; this visit's vital signs — the latest
    /// pre-dose reading, taken within the clinic's minutes before the dose, its blood pressure
    /// against the clinic's bands and its SpO2 and heart rate against the alert thresholds; and new
    /// medicines. A hold refuses the dose; a caution needs a prescriber's acknowledgement covering
    /// each of its reasons.
    public func readiness(rules: SessionRules, at now: Date) -> Readiness {
        var holds = courseHolds
        var missing: [String] = []
        var cautions: [String] = []
        for item in checklist.items(for: route) {
            switch item.answer {
            case nil: missing.append(item.question)
            case false?: holds.append(item.unmet)
            case true?: break
            }
        }
        switch checklist.pregnancy {
        case nil: missing.append("pregnancy status")
        // Practice (clinical reference §1): pregnancy is a contraindication in psychiatric ketamine practice.
        case .pregnant?: holds.append("Pregnant: ketamine and esketamine are not given in pregnancy (clinical practice).")
        default: break
        }
        if let medications = checklist.newMedications {
            cautions += medications.map { "New \($0.title.lowercased()) since the last visit: review with the prescriber (a REMS monitoring form question)." }
        } else {
            missing.append("new medications since the last visit")
        }
        var stale: [String] = []
        if let reading = preDoseVitals.last {
            // Label: assess BP prior to dosing; the reading must be this visit's (clinical review
            // F-S5: a reading 3 hours old passed). Judged at the dose once given, else now.
            let limit = rules[.preDoseVitalsWithinMinutes]
            let minutesOld = Int((doseStartedAt ?? now).timeIntervalSince(reading.takenAt) / 60)
            if minutesOld > limit {
                stale.append("Take a new reading: the latest pre-dose vital signs are \(minutesOld) minutes old, and the clinic doses only on a reading from the last \(limit) minutes.")
            }
            switch BloodPressureBand.of(systolic: reading.systolic, diastolic: reading.diastolic, rules: rules) {
            case .hold: holds.append(BloodPressureBand.reason(reading, rules: rules)!)
            case .caution: cautions.append(BloodPressureBand.reason(reading, rules: rules)!)
            case .ok: break
            }
            // The in-session alert thresholds hold before the dose too (clinical review F-S5).
            if reading.spo2 < rules[.alertSpo2Below] {
                holds.append("SpO2 \(reading.spo2) % is below the clinic's alert threshold of \(rules[.alertSpo2Below]) %: do not dose until it recovers.")
            }
            if reading.heartRate > rules[.alertHeartRateAbove] {
                holds.append("Heart rate \(reading.heartRate)/min is above the clinic's alert threshold of \(rules[.alertHeartRateAbove])/min: do not dose until it settles.")
            }
        } else {
            missing.append("pre-dose vital signs")
        }
        let reasons = holds + (missing.isEmpty ? [] : ["Not yet recorded: \(missing.joined(separator: ", "))."]) + stale + cautions
        let status: Readiness.Status = !holds.isEmpty ? .hold : !(missing + stale).isEmpty ? .incomplete : !cautions.isEmpty ? .caution : .ok
        let covering = acknowledgement.flatMap { status == .caution && Set(cautions).isSubset(of: $0.reasons) ? $0 : nil }
        return Readiness(status: status, reasons: reasons, acknowledgement: covering)
    }

    // MARK: Moves

    /// Makes a move, refusing what the graph forbids (409) and what the session's facts forbid:
    /// dosing without passing the readiness gate, monitoring without a dose recorded, discharge
    /// before every discharge rule is met.
    public mutating func move(to next: SessionStatus, note: String?, at now: Date, byID: UUID?, byName: String, rules: SessionRules) throws {
        try status.checkMove(to: next, note: note)
        let text = try Self.note(note, field: "note")
        switch next {
        case .ready:
            // A held or incomplete gate keeps the session out of "ready to dose" (clinic-day issue, finding 6).
            let verdict = readiness(rules: rules, at: now)
            guard verdict.status != .hold && verdict.status != .incomplete else {
                throw ConflictError("to", "ready to dose is refused: readiness is \(verdict.status.rawValue). " + verdict.reasons.joined(separator: " "))
            }
        case .dosing:
            let verdict = readiness(rules: rules, at: now)
            guard verdict.permitsDosing else {
                let why = verdict.status == .caution ? "a prescriber must acknowledge the caution first" : "readiness is \(verdict.status.rawValue)"
                throw ConflictError("to", "dosing is refused: \(why). " + verdict.reasons.joined(separator: " "))
            }
        case .monitoring:
            guard administration != nil else { throw ConflictError("to", "record the administration before monitoring") }
        case .discharged:
            let discharge = dischargeReadiness(at: now, rules: rules)
            guard discharge.ready else { throw ConflictError("to", "discharge is refused: " + discharge.reasons.joined(separator: " ")) }
        default:
            break
        }
        transitions.append(SessionTransition(from: status, to: next, at: now, byID: byID, byName: byName, note: text))
        status = next
    }

    /// A session ready to dose whose gate no longer passes — a new reading that holds, an answer
    /// changed — goes back to checked in with the reasons, so neither the board nor the nurse takes
    /// it for ready until a new reading clears it.
    public mutating func leaveReadyIfHeld(rules: SessionRules, at now: Date, byID: UUID?, byName: String) {
        guard status == .ready else { return }
        let verdict = readiness(rules: rules, at: now)
        guard verdict.status == .hold || verdict.status == .incomplete else { return }
        transitions.append(SessionTransition(from: .ready, to: .checkedIn, at: now, byID: byID, byName: byName,
                                             note: "Back to checked in: readiness is \(verdict.status.rawValue). " + verdict.reasons.joined(separator: " ")))
        status = .checkedIn
    }

    // MARK: Monitoring

    /// Esketamine label and REMS: at least 2 hours of monitoring from the first device (clinical reference §2).
    public static let esketamineMonitoringMinutes = 120

    /// When the next set of vitals is due while a dose is given or watched, from the clinic's intervals.
    public func nextVitalsDue(rules: SessionRules) -> Date? {
        guard status == .dosing || status == .monitoring, let started = doseStartedAt else { return nil }
        let last = postDoseVitals.last?.takenAt
        if route.isEsketamine {
            // Label: reassess about 40 minutes after dosing, then as warranted.
            let first = started.addingTimeInterval(Double(rules[.esketamineFirstVitalsMinutes] * 60))
            guard let last, last >= first.addingTimeInterval(-5 * 60) else { return first }
            return last.addingTimeInterval(Double(rules[.esketamineVitalsEveryMinutes] * 60))
        }
        let infusing = route == .ivKetamine && status == .dosing
        let every = infusing ? rules[.infusionVitalsEveryMinutes] : rules[.afterDoseVitalsEveryMinutes]
        return (last ?? doseEndedAt ?? started).addingTimeInterval(Double(every * 60))
    }

    /// The alerts raised by the latest reading, and a sustained rise from the pre-dose reading:
    /// what needs someone at the chair now.
    public func openAlerts(rules: SessionRules) -> [SessionAlert] {
        guard !status.hasEnded || status == .stoppedEarly, let latest = vitals.last else { return [] }
        return SessionAlert.raised(by: latest, rules: rules) + [SessionAlert.rise(after: preDoseVitals.last, postDoseVitals, rules: rules)].compactMap { $0 }
    }

    // MARK: Discharge

    public struct DischargeReadiness: Sendable, Equatable {
        public let ready: Bool
        /// The earliest time the minimum monitoring allows, once the dose has ended.
        public let earliestAt: Date?
        public let reasons: [String]
    }

    /// The earliest discharge the timing rules allow: esketamine 120 minutes from the first device
    /// (label/REMS); racemic routes the clinic's recovery minutes for the route after the dose ends.
    public func earliestDischarge(rules: SessionRules) -> Date? {
        guard let recovery = rules.recoveryMinutes(after: route) else {
            return doseStartedAt.map { $0.addingTimeInterval(Double(Self.esketamineMonitoringMinutes * 60)) }
        }
        return doseEndedAt.map { $0.addingTimeInterval(Double(recovery * 60)) }
    }

    /// Whether the patient may leave now, with every reason they may not.
    public func dischargeReadiness(at now: Date, rules: SessionRules) -> DischargeReadiness {
        var reasons: [String] = []
        if status != .monitoring { reasons.append("The session is \(status.rawValue), not monitoring.") }
        let earliest = earliestDischarge(rules: rules)
        if let earliest {
            if now < earliest {
                let minutes = Int((earliest.timeIntervalSince(now) / 60).rounded(.up))
                reasons.append(route.isEsketamine
                               ? "Esketamine needs at least \(Self.esketamineMonitoringMinutes) minutes from the first device (label, REMS): \(minutes) more minute(s)."
                               : "\(route.title): the clinic's minimum is \(rules.recoveryMinutes(after: route) ?? 0) minutes after the dose ends: \(minutes) more minute(s).")
            }
        } else {
            reasons.append("No dose has been recorded.")
        }
        let afterDose = postDoseVitals.filter { reading in doseEndedAt.map { reading.takenAt >= $0 } ?? false }
        if let last = afterDose.last {
            let alerts = SessionAlert.raised(by: last, rules: rules)
            reasons += alerts.map { "Latest vitals: \($0.message)." }
            if last.systolic >= rules[.dischargeSystolicBelow] || last.diastolic >= rules[.dischargeDiastolicBelow],
               !alerts.contains(where: { $0.kind == .bloodPressure }) {
                reasons.append("Latest BP \(last.bloodPressure) is not below the clinic's discharge limit of \(rules[.dischargeSystolicBelow])/\(rules[.dischargeDiastolicBelow]).")
            }
            // PADSS: within the clinic's percentage of the patient's own pre-dose reading (clinical review F-S3).
            if let baseline = preDoseVitals.last, SessionAlert.isAboveBaseline(last, baseline: baseline, rules: rules) {
                reasons.append("Latest systolic \(last.systolic) is more than \(rules[.baselineBloodPressurePercent]) % above the pre-dose \(baseline.systolic): wait and recheck.")
            }
            if last.sedation != 5 {
                reasons.append(last.sedation.map { "Sedation has not resolved: MOAA/S \($0), needs 5 (label: until sedation resolves)." }
                               ?? "Record MOAA/S with the latest vitals: discharge needs 5 (sedation resolved).")
            }
            let age = now.timeIntervalSince(last.takenAt) / 60
            if age > Double(rules[.afterDoseVitalsEveryMinutes]) {
                reasons.append("The latest vitals are \(Int(age)) minutes old: take a set within \(rules[.afterDoseVitalsEveryMinutes]) minutes of leaving.")
            }
        } else {
            reasons.append("No vitals since the dose ended: take a set before discharge.")
        }
        // The REMS form asks whether dissociation occurred and resolved; an open side effect is not over.
        for effect in sideEffects where effect.isOpen {
            reasons.append(effect.kind == .dissociation || effect.kind == .sedation || effect.kind == .respiratoryDepression
                           ? "\(effect.kind.title) (\(effect.severity.rawValue)) has not been documented as resolved (label, REMS: monitor until it resolves)."
                           : "\(effect.kind.title) (\(effect.severity.rawValue)) has not been documented as resolved.")
        }
        if checklist.rideConfirmed != true { reasons.append("No ride home is confirmed.") }
        if signOff == nil { reasons.append("No clinician has signed the patient off.") }
        return DischargeReadiness(ready: reasons.isEmpty, earliestAt: earliest, reasons: reasons)
    }

    /// The minute (from the first device) from which every later reading was within the discharge
    /// limits with sedation resolved: when the patient "would have been ready to leave" had the
    /// 2-hour rule not existed (a REMS form question).
    public func readyToLeaveMinute(rules: SessionRules) -> Int? {
        guard let started = doseStartedAt else { return nil }
        var readyAt: Date?
        for reading in postDoseVitals {
            let settled = reading.sedation == 5 && SessionAlert.raised(by: reading, rules: rules).isEmpty
                && reading.systolic < rules[.dischargeSystolicBelow] && reading.diastolic < rules[.dischargeDiastolicBelow]
            readyAt = settled ? (readyAt ?? reading.takenAt) : nil
        }
        return readyAt.map { Int($0.timeIntervalSince(started) / 60) }
    }
}

/// When the clinic sent the REMS monitoring form, and its confirmation.
public struct RemsSubmission: Sendable, Equatable, Codable {
    public let submittedOn: CalendarDate
    public let reference: String?
    public let byName: String

    public init(submittedOn: CalendarDate, reference: String?, byName: String) {
        self.submittedOn = submittedOn
        self.reference = reference
        self.byName = byName
    }
}
