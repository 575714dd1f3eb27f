/// The eligibility verdict for one route, with a reason for everything that decided it.
public struct Eligibility: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case eligible
        case eligibleWithPrecautions = "eligible-with-precautions"
        case notEligible = "not-eligible"
        case incomplete
    }

    public var route: TreatmentRoute
    public var status: Status
    public var reasons: [String]

    /// Any absolute contraindication makes the patient not eligible; otherwise an unanswered or
    /// unknown item makes the screening incomplete; otherwise relative ones add precautions.
    public static func evaluate(_ screening: Screening, route: TreatmentRoute) -> Eligibility {
        var absolute: [String] = [], relative: [String] = [], missing: [String] = []
        for item in ScreeningItem.allCases {
            let response = screening.responses[item]
            let weight = item.weight(on: route)
            let note = response?.note.map { " (\($0))" } ?? ""
            switch response?.answer {
            case .yes?:
                if weight.absolute {
                    absolute.append("Contraindicated: \(item.question.lowercased())\(note) — \(weight.source).")
                } else {
                    relative.append("Precaution: \(item.question.lowercased())\(note) — \(weight.source).")
                }
            case .no?:
                break
            case .unknown?, nil:
                missing.append("Not yet known: \(item.question.lowercased()).")
            }
        }
        if let systolic = screening.systolic, let diastolic = screening.diastolic {
            let reading = "\(systolic)/\(diastolic) mmHg"
            // Ketamine label (Swiss): poorly controlled hypertension, resting above 180/100.
            if !route.isEsketamine && (systolic > 180 || diastolic > 100) {
                absolute.append("Contraindicated: blood pressure \(reading) is above 180/100 — ketamine label (Swiss), poorly controlled hypertension.")
            // Esketamine label: above 140 systolic or 90 diastolic, weigh the transient rise; also a
            // precaution for racemic ketamine, which raises blood pressure the same way.
            } else if systolic > 140 || diastolic > 90 {
                relative.append("Precaution: blood pressure \(reading) is above 140/90 — \(route.isEsketamine ? "esketamine label" : "as the esketamine label advises"): weigh the transient rise against the benefit, consider delaying.")
            }
        } else {
            missing.append("Not yet known: blood pressure at screening.")
        }
        let status: Status = !absolute.isEmpty ? .notEligible : !missing.isEmpty ? .incomplete
            : !relative.isEmpty ? .eligibleWithPrecautions : .eligible
        let verdict = switch status {
        case .eligible: "\(route.title): eligible — no contraindication or precaution found."
        case .eligibleWithPrecautions: "\(route.title): eligible with precautions."
        case .notEligible: "\(route.title): not eligible."
        case .incomplete: "\(route.title): screening incomplete."
        }
        return Eligibility(route: route, status: status, reasons: [verdict] + absolute + missing + relative)
    }
}
