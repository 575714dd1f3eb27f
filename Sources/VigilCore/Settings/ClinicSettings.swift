import Foundation

/// The settings a clinic may change, with the defaults Vigil ships. Where sources disagree the
/// setting names them; an admin changes them, audited.
public struct ClinicSettings: Sendable, Equatable, Codable {
    /// Adequate trial duration in weeks (see `TreatmentResistanceCriteria.minimumWeeks`: ATHF > 4,
    /// many payers 6, MGH-ATRQ study forms 6–8; clinical reference §3).
    public var trdMinimumWeeks: Int
    /// What the public pages tell someone in crisis. Default: the US 988 Suicide & Crisis Lifeline
    /// and 911; clinics elsewhere set their own.
    public var crisisLine: String
    /// The highest MADRS total counted as remission: ≤ 10 is common, < 10 and ≤ 12 are also in use
    /// (clinical reference §4), so it is a setting with default 10.
    public var madrsRemissionAtMost: Int
    /// How long a measure link sent to a patient works (issue 4: default 72 hours).
    public var measureLinkHours: Int

    public init(trdMinimumWeeks: Int = TreatmentResistanceCriteria().minimumWeeks,
                crisisLine: String = "If you are in crisis or thinking about suicide, call or text 988 (Suicide & Crisis Lifeline, US). In an emergency call 911 or go to the nearest emergency department.",
                madrsRemissionAtMost: Int = 10, measureLinkHours: Int = 72) {
        self.trdMinimumWeeks = trdMinimumWeeks
        self.crisisLine = crisisLine
        self.madrsRemissionAtMost = madrsRemissionAtMost
        self.measureLinkHours = measureLinkHours
    }

    public var criteria: TreatmentResistanceCriteria {
        TreatmentResistanceCriteria(minimumWeeks: trdMinimumWeeks)
    }

    /// The remission cut-off the clinic uses for an instrument, where it is a setting.
    public func remissionAtMost(_ instrument: InstrumentID) -> Int? {
        instrument == .madrs ? madrsRemissionAtMost : nil
    }

    /// A change from a client: only the fields given change.
    public struct Change: Sendable, Decodable {
        public var trdMinimumWeeks: Int?
        public var crisisLine: String?
        public var madrsRemissionAtMost: Int?
        public var measureLinkHours: Int?

        public init(trdMinimumWeeks: Int? = nil, crisisLine: String? = nil, madrsRemissionAtMost: Int? = nil, measureLinkHours: Int? = nil) {
            self.trdMinimumWeeks = trdMinimumWeeks
            self.crisisLine = crisisLine
            self.madrsRemissionAtMost = madrsRemissionAtMost
            self.measureLinkHours = measureLinkHours
        }
    }

    public func changed(_ change: Change) throws(ValidationError) -> ClinicSettings {
        var validator = Validator()
        var result = self
        if let weeks = change.trdMinimumWeeks {
            // ATHF's 4 weeks to the longest study forms' 8 (clinical reference §3), with room either side.
            validator.check((2...16).contains(weeks), "trdMinimumWeeks", "must be a whole number of weeks from 2 to 16")
            result.trdMinimumWeeks = weeks
        }
        if let crisisLine = change.crisisLine {
            let text = crisisLine.trimmingCharacters(in: .whitespacesAndNewlines)
            validator.check((10...500).contains(text.count), "crisisLine", "must be 10 to 500 characters")
            result.crisisLine = text
        }
        if let cutOff = change.madrsRemissionAtMost {
            // The cut-offs in use: < 10 (= 9), ≤ 10 and ≤ 12 (clinical reference §4).
            validator.check((9...12).contains(cutOff), "madrsRemissionAtMost", "must be from 9 (\"below 10\") to 12")
            result.madrsRemissionAtMost = cutOff
        }
        if let hours = change.measureLinkHours {
            validator.check((1...336).contains(hours), "measureLinkHours", "must be a whole number of hours from 1 to 336 (two weeks)")
            result.measureLinkHours = hours
        }
        validator.check(change.trdMinimumWeeks != nil || change.crisisLine != nil || change.madrsRemissionAtMost != nil || change.measureLinkHours != nil,
                        "body", "names nothing to change (trdMinimumWeeks, crisisLine, madrsRemissionAtMost, measureLinkHours)")
        try validator.finish()
        return result
    }

    /// The settings as name and text, the form they are stored and audited in.
    public var namedValues: [(name: String, value: String)] {
        [("trdMinimumWeeks", String(trdMinimumWeeks)), ("crisisLine", crisisLine),
         ("madrsRemissionAtMost", String(madrsRemissionAtMost)), ("measureLinkHours", String(measureLinkHours))]
    }

    /// Reads one stored setting; unknown names and unreadable numbers keep the default.
    public mutating func set(_ name: String, to value: String) {
        switch name {
        case "trdMinimumWeeks": trdMinimumWeeks = Int(value) ?? trdMinimumWeeks
        case "crisisLine": crisisLine = value
        case "madrsRemissionAtMost": madrsRemissionAtMost = Int(value) ?? madrsRemissionAtMost
        case "measureLinkHours": measureLinkHours = Int(value) ?? measureLinkHours
        default: break
        }
    }
}
