import Foundation

/// A medication trial as a client sends it; `checked` validates it against the clinic's table.
public struct MedicationTrialForm: Sendable, Decodable {
    public struct Override: Sendable, Decodable {
        public var reason: String?

        public init(reason: String?) {
            self.reason = reason
        }
    }

    public var drug: String?
    public var dailyDoseMg: Double?
    public var startDate: String?
    public var endDate: String?
    public var currentEpisode: Bool?
    public var adherence: String?
    public var outcome: String?
    public var doseOverride: Override?
    /// When the daily dose reached the adequate dose, if later than the start.
    public var adequateDoseOn: String?

    public init(drug: String?, dailyDoseMg: Double?, startDate: String?, endDate: String?, currentEpisode: Bool?,
                adherence: String?, outcome: String?, doseOverride: Override? = nil, adequateDoseOn: String? = nil) {
        self.drug = drug
        self.dailyDoseMg = dailyDoseMg
        self.startDate = startDate
        self.endDate = endDate
        self.currentEpisode = currentEpisode
        self.adherence = adherence
        self.outcome = outcome
        self.doseOverride = doseOverride
        self.adequateDoseOn = adequateDoseOn
    }

    /// Every problem at once. A drug outside the table needs a prescriber's override with a reason
    /// (`overrideBy` is the signed-in prescriber's name, nil when the caller may not prescribe).
    public func checked(table: AntidepressantTable, today: CalendarDate, overrideBy: String?) throws(ValidationError) -> MedicationTrial {
        var validator = Validator()
        let name = drug?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let known = table.drug(named: name)
        var override: MedicationTrial.DoseOverride?
        if name.isEmpty {
            validator.add("drug", "is required")
        } else if let doseOverride {
            let reason = doseOverride.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            validator.check(!reason.isEmpty && reason.count <= 1000, "doseOverride.reason", "must give the reason, up to 1000 characters")
            validator.check(known == nil, "doseOverride", "is only for drugs outside the table; \(name) has a minimum dose")
            if let overrideBy { override = .init(prescriberName: overrideBy, reason: reason) }
            else { validator.add("doseOverride", "may only be documented by a prescriber") }
        } else if known == nil {
            validator.add("drug", "\(name) is not in the clinic's antidepressant table; use its generic name, or a prescriber documents a doseOverride")
        }
        if let dose = dailyDoseMg {
            // Plausibility, not a clinical limit: more than ten times the table's minimum (or 2,000 mg
            // for a drug outside it) is almost always a unit slip (µg for mg, a misplaced zero).
            let ceiling = known.map { $0.minimumDailyDoseMg * 10 } ?? 2000
            validator.check(dose > 0, "dailyDoseMg", "must be more than 0")
            validator.check(dose <= ceiling, "dailyDoseMg", "\(TreatmentResistance.formatted(dose)) mg/day is implausible (above \(TreatmentResistance.formatted(ceiling))); check the unit")
        } else {
            validator.add("dailyDoseMg", "is required")
        }
        let start = Self.date(startDate, "startDate", required: true, today: today, validator: &validator)
        let end = Self.date(endDate, "endDate", required: false, today: today, validator: &validator)
        if let start, let end { validator.check(end >= start, "endDate", "must be on or after startDate") }
        let adequate = Self.date(adequateDoseOn, "adequateDoseOn", required: false, today: today, validator: &validator)
        if let adequate, let start {
            validator.check(adequate >= start && adequate <= (end ?? today), "adequateDoseOn", "must be within the trial, from startDate to its end")
        }
        validator.check(currentEpisode != nil, "currentEpisode", "is required (true or false)")
        let adherence: MedicationTrial.Adherence? = validator.choice(adherence, "adherence")
        let outcome: MedicationTrial.Outcome? = validator.choice(outcome, "outcome")
        if outcome == .ongoing { validator.check(end == nil, "endDate", "must be empty while the trial is ongoing") }
        try validator.finish()
        return MedicationTrial(id: NewID.make(), drug: name, dailyDoseMg: dailyDoseMg!, startDate: start!, endDate: end,
                               currentEpisode: currentEpisode!, adherence: adherence!, outcome: outcome!, doseOverride: override,
                               adequateDoseOn: adequate)
    }

    static func date(_ text: String?, _ field: String, required: Bool, today: CalendarDate, validator: inout Validator) -> CalendarDate? {
        guard let text, !text.isEmpty else {
            if required { validator.add(field, "is required") }
            return nil
        }
        return PatientForm.pastDate(text, field, today: today, validator: &validator)
    }
}

/// Treatment other than antidepressant trials, recorded as context for the history and the
/// Maudsley score: augmentation, psychotherapy, ECT and the like.
public struct OtherTreatment: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case augmentation, psychotherapy, ect, neurostimulation, other

        public var title: String {
            switch self {
            case .augmentation: "Augmentation"
            case .psychotherapy: "Psychotherapy"
            case .ect: "ECT"
            case .neurostimulation: "Neurostimulation (rTMS, VNS)"
            case .other: "Other"
            }
        }
    }

    public var id: UUID
    public var kind: Kind
    /// What it was: "aripiprazole 5 mg", "CBT, 16 sessions", "12 bilateral ECT treatments".
    public var description: String
    public var startDate: CalendarDate?
    public var endDate: CalendarDate?
    public var currentEpisode: Bool

    public init(id: UUID, kind: Kind, description: String, startDate: CalendarDate?, endDate: CalendarDate?, currentEpisode: Bool) {
        self.id = id
        self.kind = kind
        self.description = description
        self.startDate = startDate
        self.endDate = endDate
        self.currentEpisode = currentEpisode
    }

    public static func checked(kind: String?, description: String?, startDate: String?, endDate: String?, currentEpisode: Bool?,
                               today: CalendarDate) throws(ValidationError) -> OtherTreatment {
        var validator = Validator()
        let parsedKind: Kind? = validator.choice(kind, "kind")
        let text = description?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        validator.check((1...500).contains(text.count), "description", text.isEmpty ? "is required" : "must be at most 500 characters")
        let start = MedicationTrialForm.date(startDate, "startDate", required: false, today: today, validator: &validator)
        let end = MedicationTrialForm.date(endDate, "endDate", required: false, today: today, validator: &validator)
        if let start, let end { validator.check(end >= start, "endDate", "must be on or after startDate") }
        validator.check(currentEpisode != nil, "currentEpisode", "is required (true or false)")
        try validator.finish()
        return OtherTreatment(id: NewID.make(), kind: parsedKind!, description: text, startDate: start, endDate: end, currentEpisode: currentEpisode!)
    }
}

/// The current depressive episode: when it began and how severe it is, for the Maudsley score.
public struct DepressiveEpisode: Sendable, Equatable {
    public var startDate: CalendarDate
    public var severity: MaudsleyStaging.Severity

    public init(startDate: CalendarDate, severity: MaudsleyStaging.Severity) {
        self.startDate = startDate
        self.severity = severity
    }

    public static func checked(startDate: String?, severity: String?, today: CalendarDate) throws(ValidationError) -> DepressiveEpisode {
        var validator = Validator()
        let start = MedicationTrialForm.date(startDate, "startDate", required: true, today: today, validator: &validator)
        let parsed: MaudsleyStaging.Severity? = validator.choice(severity, "severity")
        try validator.finish()
        return DepressiveEpisode(startDate: start!, severity: parsed!)
    }

    /// Whole months from the episode's start to `date`.
    public func months(until date: CalendarDate) -> Int {
        let months = (date.year - startDate.year) * 12 + (date.month - startDate.month)
        return max(0, date.day < startDate.day ? months - 1 : months)
    }
}
