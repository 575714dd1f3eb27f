/// What counts as treatment-resistant depression. Clinic settings with these defaults.
public struct TreatmentResistanceCriteria: Sendable, Equatable, Codable {
    /// Non-response to at least 2 adequate trials in the current episode (Gaynes et al., Depress
    /// Anxiety 2020; clinical reference §3 — the common working definition, no single consensus).
    public var minimumTrials: Int = 2
    /// Adequate duration in weeks. Sources disagree (ATHF > 4 weeks, many payers 6, MGH-ATRQ study
    /// forms 6–8; clinical reference §3), so it is a clinic setting with the payers' 6 as default.
    public var minimumWeeks: Int = 6

    public init(minimumTrials: Int = 2, minimumWeeks: Int = 6) {
        self.minimumTrials = minimumTrials
        self.minimumWeeks = minimumWeeks
    }
}
