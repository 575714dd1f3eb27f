import Foundation

/// The settings a clinic may change, with the defaults Vigil ships. Where sources disagree the
/// setting names them; an admin changes them, audited.
public struct ClinicSettings: Sendable, Equatable, Codable {
    /// Adequate trial duration in weeks (see `TreatmentResistanceCriteria.minimumWeeks`: ATHF > 4,
    /// many payers 6, MGH-ATRQ study forms 6–8; clinical reference §3).
    public var trdMinimumWeeks: Int
    /// The highest MADRS total counted as remission: ≤ 10 is common, < 10 and ≤ 12 are also in use
    /// (clinical reference §4), so it is a setting with default 10.
    public var madrsRemissionAtMost: Int
    /// How long a measure link sent to a patient works (issue 4: default 72 hours).
    public var measureLinkHours: Int
    /// IV and IM induction: 2 or 3 infusions a week (Singh 2016: equally effective; Murrough 2013
    /// gave 3 a week — clinical reference §1). Default 2, fewer visits for the same effect.
    public var inductionPerWeek: Int
    /// The PHQ-9 total at or above which a patient in maintenance who had responded is advised a
    /// booster. Default 10, where the moderate band starts (clinical reference §4).
    public var boosterPhq9AtLeast: Int
    /// Blood-pressure gate, alert thresholds, vitals intervals and discharge limits (`SessionRule`).
    public var sessionRules: SessionRules
    /// How long controlled-substance records are kept: at least 2 years (21 CFR 1304.04), longer
    /// where the state asks (some 5 — clinical reference §6). Vigil never removes ledger records;
    /// this is the period its reports and backups are promised for.
    public var ledgerRetentionYears: Int

    public init(trdMinimumWeeks: Int = TreatmentResistanceCriteria().minimumWeeks,
                madrsRemissionAtMost: Int = 10, measureLinkHours: Int = 72, inductionPerWeek: Int = 2, boosterPhq9AtLeast: Int = 10,
                sessionRules: SessionRules = SessionRules(), ledgerRetentionYears: Int = 2) {
        self.trdMinimumWeeks = trdMinimumWeeks
        self.madrsRemissionAtMost = madrsRemissionAtMost
        self.measureLinkHours = measureLinkHours
        self.inductionPerWeek = inductionPerWeek
        self.boosterPhq9AtLeast = boosterPhq9AtLeast
        self.sessionRules = sessionRules
        self.ledgerRetentionYears = ledgerRetentionYears
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
        public var madrsRemissionAtMost: Int?
        public var measureLinkHours: Int?
        public var inductionPerWeek: Int?
        public var boosterPhq9AtLeast: Int?
        /// Session rules by name (`SessionRule`), only those given change.
        public var sessionRules: [String: Int]?
        public var ledgerRetentionYears: Int?

        public init(trdMinimumWeeks: Int? = nil, madrsRemissionAtMost: Int? = nil, measureLinkHours: Int? = nil,
                    inductionPerWeek: Int? = nil, boosterPhq9AtLeast: Int? = nil, sessionRules: [String: Int]? = nil, ledgerRetentionYears: Int? = nil) {
            self.trdMinimumWeeks = trdMinimumWeeks
                self.madrsRemissionAtMost = madrsRemissionAtMost
            self.measureLinkHours = measureLinkHours
            self.inductionPerWeek = inductionPerWeek
            self.boosterPhq9AtLeast = boosterPhq9AtLeast
                                    self.sessionRules = sessionRules
            self.ledgerRetentionYears = ledgerRetentionYears
                }

        var isEmpty: Bool {
            trdMinimumWeeks == nil && madrsRemissionAtMost == nil && measureLinkHours == nil && inductionPerWeek == nil
                && boosterPhq9AtLeast == nil && (sessionRules ?? [:]).isEmpty && ledgerRetentionYears == nil
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
        if let cutOff = change.madrsRemissionAtMost {
            // The cut-offs in use: < 10 (= 9), ≤ 10 and ≤ 12 (clinical reference §4).
            validator.check((9...12).contains(cutOff), "madrsRemissionAtMost", "must be from 9 (\"below 10\") to 12")
            result.madrsRemissionAtMost = cutOff
        }
        if let hours = change.measureLinkHours {
            validator.check((1...336).contains(hours), "measureLinkHours", "must be a whole number of hours from 1 to 336 (two weeks)")
            result.measureLinkHours = hours
        }
        if let perWeek = change.inductionPerWeek {
            validator.check([2, 3].contains(perWeek), "inductionPerWeek", "must be 2 or 3 sessions a week (Singh 2016; Murrough 2013)")
            result.inductionPerWeek = perWeek
        }
        if let threshold = change.boosterPhq9AtLeast {
            validator.check((5...27).contains(threshold), "boosterPhq9AtLeast", "must be a PHQ-9 total from 5 to 27")
            result.boosterPhq9AtLeast = threshold
        }
        if let rules = change.sessionRules {
            result.sessionRules = sessionRules.changed(rules, into: &validator)
        }
        if let years = change.ledgerRetentionYears {
            // Never below the federal 2 years (21 CFR 1304.04); states ask up to 5 or more.
            validator.check((2...30).contains(years), "ledgerRetentionYears", "must be a whole number of years from 2 (21 CFR 1304.04) to 30")
            result.ledgerRetentionYears = years
        }
        validator.check(!change.isEmpty, "body",
                        "names nothing to change (trdMinimumWeeks, madrsRemissionAtMost, measureLinkHours, inductionPerWeek, boosterPhq9AtLeast, sessionRules, ledgerRetentionYears; a site's chairs, hours, registration and crisis line are the site's)")
        try validator.finish()
        return result
    }

    /// The settings as name and text, the form they are stored and audited in.
    public var namedValues: [(name: String, value: String)] {
        [("trdMinimumWeeks", String(trdMinimumWeeks)),
         ("madrsRemissionAtMost", String(madrsRemissionAtMost)), ("measureLinkHours", String(measureLinkHours)),
         ("inductionPerWeek", String(inductionPerWeek)), ("boosterPhq9AtLeast", String(boosterPhq9AtLeast)),
         ("ledgerRetentionYears", String(ledgerRetentionYears))]
            + SessionRule.allCases.map { ($0.rawValue, String(sessionRules[$0])) }
    }

    /// Reads one stored setting; unknown names and unreadable numbers keep the default.
    public mutating func set(_ name: String, to value: String) {
        switch name {
        case "trdMinimumWeeks": trdMinimumWeeks = Int(value) ?? trdMinimumWeeks
        case "madrsRemissionAtMost": madrsRemissionAtMost = Int(value) ?? madrsRemissionAtMost
        case "measureLinkHours": measureLinkHours = Int(value) ?? measureLinkHours
        case "inductionPerWeek": inductionPerWeek = Int(value) ?? inductionPerWeek
        case "boosterPhq9AtLeast": boosterPhq9AtLeast = Int(value) ?? boosterPhq9AtLeast
        case "ledgerRetentionYears": ledgerRetentionYears = Int(value) ?? ledgerRetentionYears
        default:
            if let rule = SessionRule(rawValue: name), let number = Int(value) { sessionRules[rule] = number }
        }
    }
}
