/// The Maudsley Staging Method for treatment-resistant depression (Fekadu et al., BMC Psychiatry
/// 2018; clinical reference §3): a score from 3 to 15, mild 3–6, moderate 7–10, severe 11–15.
public struct MaudsleyStaging: Sendable, Equatable {
    public enum Severity: String, Sendable, Codable, CaseIterable {
        case subsyndromal, mild, moderate
        case severeWithoutPsychosis = "severe-without-psychosis"
        case severeWithPsychosis = "severe-with-psychosis"

        var points: Int {
            switch self {
            case .subsyndromal: 1
            case .mild: 2
            case .moderate: 3
            case .severeWithoutPsychosis: 4
            case .severeWithPsychosis: 5
            }
        }
    }

    public var score: Int
    public var band: String
    public var reasons: [String]

    /// The score, or nil when the data do not allow one: the episode's length and severity must be
    /// known, and at least one antidepressant must have failed.
    public static func score(episodeMonths: Int?, severity: Severity?, failedAntidepressants: Int,
                             augmentation: Bool, electroconvulsiveTherapy: Bool) -> MaudsleyStaging? {
        guard let episodeMonths, episodeMonths >= 0, let severity, failedAntidepressants >= 1 else { return nil }
        // Duration: ≤ 12 months 1, 13–24 months 2, > 24 months 3.
        let duration = episodeMonths <= 12 ? 1 : episodeMonths <= 24 ? 2 : 3
        // Treatment failures: 1–2 drugs 1, 3–4 2, 5–6 3, 7–10 4, > 10 5 (the reference marks these
        // sub-scores "check": transcribed from Fekadu 2018, confirm against the paper before relying on them).
        let failures = switch failedAntidepressants {
        case 1...2: 1
        case 3...4: 2
        case 5...6: 3
        case 7...10: 4
        default: 5
        }
        let total = duration + severity.points + failures + (augmentation ? 1 : 0) + (electroconvulsiveTherapy ? 1 : 0)
        let band = total <= 6 ? "mild" : total <= 10 ? "moderate" : "severe"
        var reasons = [
            "Episode of \(episodeMonths) months: \(duration).",
            "Severity \(severity.rawValue): \(severity.points).",
            "\(failedAntidepressants) failed antidepressant\(failedAntidepressants == 1 ? "" : "s"): \(failures).",
        ]
        if augmentation { reasons.append("Augmentation used: 1.") }
        if electroconvulsiveTherapy { reasons.append("ECT used: 1.") }
        return MaudsleyStaging(score: total, band: band, reasons: reasons)
    }
}
