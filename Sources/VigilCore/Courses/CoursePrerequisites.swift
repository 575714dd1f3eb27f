import Foundation

/// What a course by a route needs of its patient — to be planned, and again before every dose: the
/// newest signed eligibility decision for the route says eligible (or eligible with precautions), a
/// consent for the route is current, and for esketamine the patient is enrolled in the REMS
/// (clinical reference §2.1: enrolled before the first outpatient dose). One source for planning a
/// course and for each session's gate: a consent withdrawn after the course started did not stop
/// the next dose (clinical-safety issue, finding 8).
public enum CoursePrerequisites {
    public static func unmet(route: TreatmentRoute, patient: Patient, decisions: [EligibilityDecision], consents: [Consent]) -> [FieldError] {
        var unmet: [FieldError] = []
        switch decisions.first(where: { $0.route == route && $0.supersededAt == nil })?.status {
        case .eligible?, .eligibleWithPrecautions?:
            break
        case let status?:
            unmet.append(FieldError("eligibility", "the signed decision for \(route.title) is \(status.rawValue); a course needs eligible or eligible with precautions"))
        case nil:
            unmet.append(FieldError("eligibility", "no signed eligibility decision for \(route.title); a prescriber signs one on the chart first"))
        }
        if !consents.contains(where: { $0.route == route && $0.isCurrent }) {
            unmet.append(FieldError("consent", "no current consent for \(route.title); record the patient's consent first"))
        }
        if route.isEsketamine && patient.rems.status != .enrolled {
            unmet.append(FieldError("rems", "the patient is not enrolled in the esketamine REMS (\(patient.rems.status.rawValue)); enrol them before the next dose"))
        }
        return unmet
    }

    /// The reason a course is paused for them, as the chart and the session gate show it.
    public static func pauseReason(_ unmet: [FieldError]) -> String {
        "Paused by Vigil: \(unmet.map(\.message).joined(separator: "; "))."
    }
}
