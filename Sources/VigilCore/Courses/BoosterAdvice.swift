import Foundation

/// Advice a prescriber reads on a course: stop and re-evaluate when induction is not working, or
/// give a booster when a patient in maintenance is losing the benefit. Each shows the scores behind
/// it; a prescriber accepts (planning a booster) or dismisses it with a note.
public struct BoosterAdvice: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// No response after the 4th induction session (racemic ketamine), or at the end of
        /// induction (esketamine): see `BoosterAdviceRules.futilityAfterSessions(for:)`.
        case futility
        /// Relapse, or the clinic's threshold crossed, in maintenance.
        case booster
    }

    public let kind: Kind
    /// Stable for the same advice on the same score, so a decision about it is remembered.
    public let key: String
    public let instrument: InstrumentID
    public let title: String
    public let reasons: [String]
    /// The scores behind it: the baseline and the latest.
    public let baseline: Outcome.Point
    public let latest: Outcome.Point
}

/// When advice is given (clinical reference §1 and §4; issue 5).
public enum BoosterAdviceRules {
    /// Racemic ketamine: response after more than 3 non-responding infusions is rarely reported
    /// (consensus summary, clinical reference §1), so futility is flagged from the 4th induction
    /// session. Esketamine: the label evaluates therapeutic benefit at the end of the induction
    /// phase (Spravato label §2: weeks 1–4) to decide whether to continue — not after session 4
    /// (clinical-safety issue, finding 7).
    public static func futilityAfterSessions(for treatmentProtocol: TreatmentProtocol) -> Int {
        treatmentProtocol.drug == .esketamine ? max(treatmentProtocol.inductionSessions, 1) : 4
    }

    static func futilityReason(for treatmentProtocol: TreatmentProtocol) -> String {
        treatmentProtocol.drug == .esketamine
            ? "The esketamine label evaluates the benefit at the end of the 4-week induction to decide whether to continue treatment."
            : "Response after more than 3 non-responding infusions is rarely reported (consensus summary, clinical reference §1): consider whether to continue."
    }
    /// The scales advice is read from: self-report and clinician-rated depression scales.
    public static let instruments: [InstrumentID] = [.phq9, .qidsSR16, .madrs]

    /// Advice for a course from the sessions already held and each scale's scores.
    /// `threshold` is the clinic's PHQ-9 total that calls for a booster in maintenance.
    public static func advise(course: Course, held: [PlannedSession], scores: [InstrumentID: [Outcome.Point]],
                              settings: ClinicSettings, timeZone: TimeZone) -> [BoosterAdvice] {
        guard course.status == .active || course.status == .planned else { return [] }
        let induction = held.filter { $0.phase == .induction }.sorted { $0.number < $1.number }
        let inductionTotal = course.treatmentProtocol.inductionSessions
        let maintenanceHeld = held.contains { $0.phase != .induction }
        let inMaintenance = maintenanceHeld || (inductionTotal > 0 && induction.count >= inductionTotal)
        let futilityAfter = futilityAfterSessions(for: course.treatmentProtocol)
        var advice: [BoosterAdvice] = []
        for id in instruments {
            guard let points = scores[id], case let instrument = Instrument.named(id),
                  let outcome = OutcomeRules.evaluate(instrument, points: points, remissionAtMost: settings.remissionAtMost(id)),
                  outcome.latest != outcome.baseline
            else { continue }
            let latestDay = CalendarDate(outcome.latest.takenAt, in: timeZone)
            let scoreLine = "\(instrument.name): \(outcome.baseline.total) at baseline, \(outcome.latest.total) on \(latestDay) (\(outcome.percentChange.map { "\(OutcomeRules.formatted($0)) %" } ?? "no change from 0"))."
            let key = { (kind: BoosterAdvice.Kind) in "\(kind.rawValue):\(id.rawValue):\(Instant.format(outcome.latest.takenAt))" }
            if induction.count >= futilityAfter, latestDay >= induction[futilityAfter - 1].plannedDate, !maintenanceHeld,
               outcome.status == .none || outcome.status == .partial {
                advice.append(BoosterAdvice(
                    kind: .futility, key: key(.futility), instrument: id,
                    title: "No response after \(induction.count) induction sessions — re-evaluate",
                    reasons: [scoreLine,
                              "Response is a reduction of 50 % or more from baseline; this is \(outcome.status.label).",
                              futilityReason(for: course.treatmentProtocol)],
                    baseline: outcome.baseline, latest: outcome.latest))
            }
            guard inMaintenance, let lastInduction = induction.last, latestDay >= lastInduction.plannedDate else { continue }
            var why: [String] = []
            if outcome.status == .relapse {
                why.append("Relapse: the response was lost — the total is above half the baseline and in the moderate band or worse.")
            } else if id == .phq9, outcome.firstResponseAt != nil, outcome.latest.total >= settings.boosterPhq9AtLeast {
                why.append("PHQ-9 \(outcome.latest.total) is at or above the clinic's booster threshold of \(settings.boosterPhq9AtLeast).")
            }
            if !why.isEmpty {
                advice.append(BoosterAdvice(
                    kind: .booster, key: key(.booster), instrument: id, title: "Benefit fading in maintenance — consider a booster or re-evaluation",
                    reasons: [scoreLine] + why + [course.treatmentProtocol.boosterNote ?? "Boosters: no evidence-based interval; best given shortly before the previous effect is expected to fade (Andrade 2017)."],
                    baseline: outcome.baseline, latest: outcome.latest))
            }
        }
        return advice
    }
}
