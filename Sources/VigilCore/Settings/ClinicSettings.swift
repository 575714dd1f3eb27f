import Foundation

/// The settings a clinic may change, with the defaults Vigil ships. Where sources disagree the
/// setting names them; an admin changes them, audited.
public struct ClinicSettings: Sendable, Equatable, Codable {
    /// Adequate trial duration in weeks (see `TreatmentResistanceCriteria.minimumWeeks`: ATHF > 4,
    /// many payers 6, MGH-ATRQ study forms 6–8; clinical reference §3).
    public var trdMinimumWeeks: Int
    /// What the public confirmation page tells someone in crisis. Default: the US 988 Suicide &
    /// Crisis Lifeline and 911; clinics elsewhere set their own.
    public var crisisLine: String

    public init(trdMinimumWeeks: Int = TreatmentResistanceCriteria().minimumWeeks,
                crisisLine: String = "If you are in crisis or thinking about suicide, call or text 988 (Suicide & Crisis Lifeline, US). In an emergency call 911 or go to the nearest emergency department.") {
        self.trdMinimumWeeks = trdMinimumWeeks
        self.crisisLine = crisisLine
    }

    public var criteria: TreatmentResistanceCriteria {
        TreatmentResistanceCriteria(minimumWeeks: trdMinimumWeeks)
    }

    /// A change from a client: only the fields given change.
    public func changed(trdMinimumWeeks: Int?, crisisLine: String?) throws(ValidationError) -> ClinicSettings {
        var validator = Validator()
        var result = self
        if let trdMinimumWeeks {
            // ATHF's 4 weeks to the longest study forms' 8 (clinical reference §3), with room either side.
            validator.check((2...16).contains(trdMinimumWeeks), "trdMinimumWeeks", "must be a whole number of weeks from 2 to 16")
            result.trdMinimumWeeks = trdMinimumWeeks
        }
        if let crisisLine {
            let text = crisisLine.trimmingCharacters(in: .whitespacesAndNewlines)
            validator.check((10...500).contains(text.count), "crisisLine", "must be 10 to 500 characters")
            result.crisisLine = text
        }
        validator.check(trdMinimumWeeks != nil || crisisLine != nil, "body", "names nothing to change (trdMinimumWeeks, crisisLine)")
        try validator.finish()
        return result
    }
}
