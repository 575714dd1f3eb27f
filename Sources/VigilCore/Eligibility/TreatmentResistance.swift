import Foundation

/// Whether the depression is treatment-resistant, with a reviewer-readable reason for every trial.
public struct TreatmentResistance: Sendable, Equatable {
    public var treatmentResistant: Bool
    public var adequateFailedTrials: Int
    public var criteria: TreatmentResistanceCriteria
    public var trials: [TrialAssessment]
    /// The overall verdict in a sentence or two.
    public var summary: String

    /// Judges every trial, then the patient. Trials are taken in start order, so that when one drug
    /// was tried twice the first adequate failed trial is the one that counts.
    public static func evaluate(
        _ trials: [MedicationTrial], table: AntidepressantTable, criteria: TreatmentResistanceCriteria, today: CalendarDate
    ) -> TreatmentResistance {
        var counted: Set<String> = []
        var assessments: [TrialAssessment] = []
        for trial in trials.sorted(by: { ($0.startDate, $0.id.uuidString) < ($1.startDate, $1.id.uuidString) }) {
            var assessment = assess(trial, table: table, criteria: criteria, today: today)
            if assessment.adequate == true && assessment.failed {
                if !trial.currentEpisode {
                    assessment.reasons.append("It was in a previous episode; only trials in the current episode count.")
                } else if counted.contains(Antidepressant.molecule(trial.drug)) {
                    assessment.reasons.append("\(Antidepressant.molecule(trial.drug).capitalized) was already counted; treatment resistance needs different drugs (another release form is the same drug).")
                } else {
                    counted.insert(Antidepressant.molecule(trial.drug))
                    assessment.counts = true
                    assessment.reasons.append("Counts as an adequate failed trial in the current episode.")
                }
            }
            assessments.append(assessment)
        }
        let resistant = counted.count >= criteria.minimumTrials
        let summary = resistant
            ? "Treatment-resistant: \(counted.count) adequate failed trials of different antidepressants in the current episode (\(counted.sorted().joined(separator: ", "))); the criterion is at least \(criteria.minimumTrials)."
            : "Not shown to be treatment-resistant: \(counted.count) adequate failed trial\(counted.count == 1 ? "" : "s") of different antidepressants in the current episode; at least \(criteria.minimumTrials) are needed."
        return TreatmentResistance(treatmentResistant: resistant, adequateFailedTrials: counted.count, criteria: criteria,
                                   trials: assessments, summary: summary)
    }

    /// Adequacy (dose, duration, adherence) and failure (outcome) of one trial on its own.
    static func assess(_ trial: MedicationTrial, table: AntidepressantTable, criteria: TreatmentResistanceCriteria,
                       today: CalendarDate) -> TrialAssessment {
        var reasons: [String] = []
        let dose = formatted(trial.dailyDoseMg)

        var doseAdequate: Bool?
        if let drug = table.drug(named: trial.drug) {
            let minimum = formatted(drug.minimumDailyDoseMg)
            if trial.dailyDoseMg >= drug.minimumDailyDoseMg {
                doseAdequate = true
                reasons.append("\(trial.drug.capitalized) \(dose) mg/day reaches the \(minimum) mg/day minimum.")
            } else {
                doseAdequate = false
                reasons.append("\(trial.drug.capitalized) \(dose) mg/day is below the \(minimum) mg/day minimum.")
            }
        } else if let override = trial.doseOverride {
            doseAdequate = true
            reasons.append("\(trial.drug.capitalized) is not in the table of minimum doses; \(override.prescriberName) documented the \(dose) mg/day dose as adequate: \(override.reason)")
        } else {
            reasons.append("\(trial.drug.capitalized) is not in the table of minimum doses, so the dose cannot be judged without a prescriber's documented override.")
        }

        let end = trial.endDate ?? today
        let days = (trial.adequateDoseOn ?? trial.startDate).days(to: end)
        let weeks = Double(days) / 7
        let durationAdequate = days >= criteria.minimumWeeks * 7
        let lasted = trial.endDate == nil ? "has run" : "lasted"
        let atDose = trial.adequateDoseOn.map { " at the adequate dose (reached on \($0))" } ?? ""
        reasons.append(durationAdequate
            ? "It \(lasted) \(formatted(weeks)) weeks\(atDose), at least the \(criteria.minimumWeeks)-week minimum."
            : "It \(lasted) \(formatted(weeks)) weeks\(atDose), less than the \(criteria.minimumWeeks)-week minimum.")

        let adherent = trial.adherence == .adequate
        if !adherent { reasons.append("Adherence was poor, so the trial was not adequate.") }

        let adequate: Bool? = if doseAdequate == false || !durationAdequate || !adherent { false }
            else if doseAdequate == nil { nil }
            else { true }

        let failed = trial.outcome == .noResponse || trial.outcome == .partialResponse
        switch trial.outcome {
        case .noResponse: reasons.append("There was no response.")
        case .partialResponse: reasons.append("There was only a partial response.")
        case .response: reasons.append("The patient responded, so the trial did not fail.")
        case .remission: reasons.append("The patient remitted, so the trial did not fail.")
        // ATHF (Oquendo 2003) lowers a trial stopped for intolerance: it is not a failure of efficacy.
        case .intolerance: reasons.append("It was stopped for intolerance, which is not a failure of an adequate trial.")
        case .ongoing: reasons.append("It is still ongoing, so its outcome is not known yet.")
        }
        return TrialAssessment(trialID: trial.id, drug: trial.drug, adequate: adequate, failed: failed, counts: false, reasons: reasons)
    }

    /// 50 → "50", 37.5 → "37.5", 6.142857 → "6.1".
    public static func formatted(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        guard let whole = Int(exactly: rounded) else { return String(rounded) }
        return String(whole)
    }
}
