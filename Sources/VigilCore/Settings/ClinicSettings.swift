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
    /// IV and IM induction: 2 or 3 infusions a week (Singh 2016: equally effective; Murrough 2013
    /// gave 3 a week — clinical reference §1). Default 2, fewer visits for the same effect.
    public var inductionPerWeek: Int
    /// The PHQ-9 total at or above which a patient in maintenance who had responded is advised a
    /// booster. Default 10, where the moderate band starts (clinical reference §4).
    public var boosterPhq9AtLeast: Int
    /// The chairs patients are dosed in, by the names staff use.
    public var chairs: [String]
    /// When the clinic doses patients, in its time zone.
    public var openingHours: OpeningHours
    /// Dates the clinic is closed although its hours say open (public holidays): no session is
    /// planned or booked on them.
    public var closedDates: [ClosedDate]
    /// The clinic as the REMS monitoring form names the healthcare setting.
    public var clinicName: String
    public var clinicAddress: String
    public var clinicPhone: String
    /// Blood-pressure gate, alert thresholds, vitals intervals and discharge limits (`SessionRule`).
    public var sessionRules: SessionRules
    /// How long controlled-substance records are kept: at least 2 years (21 CFR 1304.04), longer
    /// where the state asks (some 5 — clinical reference §6). Vigil never removes ledger records;
    /// this is the period its reports and backups are promised for.
    public var ledgerRetentionYears: Int
    /// The clinic's DEA registration, which its controlled-substance records are kept under and
    /// name (21 CFR 1301.12: each place of business is registered; 1304.04): empty until set.
    public var deaRegistration: String
    /// When the registration ends (registrations are renewed: 21 CFR 1301.13); nil until set.
    public var deaRegistrationExpiresOn: CalendarDate?

    public init(trdMinimumWeeks: Int = TreatmentResistanceCriteria().minimumWeeks,
                crisisLine: String = "If you are in crisis or thinking about suicide, call or text 988 (Suicide & Crisis Lifeline, US). In an emergency call 911 or go to the nearest emergency department.",
                madrsRemissionAtMost: Int = 10, measureLinkHours: Int = 72, inductionPerWeek: Int = 2, boosterPhq9AtLeast: Int = 10,
                chairs: [String] = ["Chair 1", "Chair 2", "Chair 3", "Chair 4"], openingHours: OpeningHours = .standard,
                closedDates: [ClosedDate] = [], clinicName: String = "Vigil clinic", clinicAddress: String = "", clinicPhone: String = "", sessionRules: SessionRules = SessionRules(),
                ledgerRetentionYears: Int = 2, deaRegistration: String = "", deaRegistrationExpiresOn: CalendarDate? = nil) {
        self.trdMinimumWeeks = trdMinimumWeeks
        self.crisisLine = crisisLine
        self.madrsRemissionAtMost = madrsRemissionAtMost
        self.measureLinkHours = measureLinkHours
        self.inductionPerWeek = inductionPerWeek
        self.boosterPhq9AtLeast = boosterPhq9AtLeast
        self.chairs = chairs
        self.openingHours = openingHours
        self.closedDates = closedDates
        self.clinicName = clinicName
        self.clinicAddress = clinicAddress
        self.clinicPhone = clinicPhone
        self.sessionRules = sessionRules
        self.ledgerRetentionYears = ledgerRetentionYears
        self.deaRegistration = deaRegistration
        self.deaRegistrationExpiresOn = deaRegistrationExpiresOn
    }

    /// How far ahead the stock overview warns of the registration's end: Vigil practice, time to renew.
    public static let registrationWarningDays = 60

    /// What the stock overview says of the registration, or nil when it is set and not near its end.
    public func registrationWarning(today: CalendarDate) -> String? {
        guard !deaRegistration.isEmpty else {
            return "No DEA registration number is set (Settings): the controlled-substance records are kept under it and name it (21 CFR 1304.04)."
        }
        guard let ends = deaRegistrationExpiresOn else { return "The DEA registration's expiry date is not set (Settings)." }
        let days = today.days(to: ends)
        if days < 0 { return "DEA registration \(deaRegistration) expired on \(ends): controlled substances may not be handled until it is renewed." }
        return days <= Self.registrationWarningDays ? "DEA registration \(deaRegistration) expires on \(ends), in \(days) day(s): renew it (21 CFR 1301.13)." : nil
    }

    /// The days the clinic doses: its hours less its closed dates.
    public var clinicDays: ClinicDays { ClinicDays(hours: openingHours, closed: closedDates) }

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
        public var inductionPerWeek: Int?
        public var boosterPhq9AtLeast: Int?
        public var chairs: [String]?
        public var openingHours: String?
        /// One "YYYY-MM-DD name" a line.
        public var closedDates: [String]?
        public var clinicName: String?
        public var clinicAddress: String?
        public var clinicPhone: String?
        /// Session rules by name (`SessionRule`), only those given change.
        public var sessionRules: [String: Int]?
        public var ledgerRetentionYears: Int?
        /// Empty clears it.
        public var deaRegistration: String?
        /// "YYYY-MM-DD"; empty clears it.
        public var deaRegistrationExpiresOn: String?

        public init(trdMinimumWeeks: Int? = nil, crisisLine: String? = nil, madrsRemissionAtMost: Int? = nil, measureLinkHours: Int? = nil,
                    inductionPerWeek: Int? = nil, boosterPhq9AtLeast: Int? = nil, chairs: [String]? = nil, openingHours: String? = nil,
                    closedDates: [String]? = nil, clinicName: String? = nil, clinicAddress: String? = nil, clinicPhone: String? = nil, sessionRules: [String: Int]? = nil,
                    ledgerRetentionYears: Int? = nil, deaRegistration: String? = nil, deaRegistrationExpiresOn: String? = nil) {
            self.trdMinimumWeeks = trdMinimumWeeks
            self.crisisLine = crisisLine
            self.madrsRemissionAtMost = madrsRemissionAtMost
            self.measureLinkHours = measureLinkHours
            self.inductionPerWeek = inductionPerWeek
            self.boosterPhq9AtLeast = boosterPhq9AtLeast
            self.chairs = chairs
            self.openingHours = openingHours
            self.closedDates = closedDates
            self.clinicName = clinicName
            self.clinicAddress = clinicAddress
            self.clinicPhone = clinicPhone
            self.sessionRules = sessionRules
            self.ledgerRetentionYears = ledgerRetentionYears
            self.deaRegistration = deaRegistration
            self.deaRegistrationExpiresOn = deaRegistrationExpiresOn
        }

        var isEmpty: Bool {
            trdMinimumWeeks == nil && crisisLine == nil && madrsRemissionAtMost == nil && measureLinkHours == nil && inductionPerWeek == nil
                && boosterPhq9AtLeast == nil && chairs == nil && openingHours == nil && closedDates == nil && clinicName == nil && clinicAddress == nil
                && clinicPhone == nil && (sessionRules ?? [:]).isEmpty && ledgerRetentionYears == nil
                && deaRegistration == nil && deaRegistrationExpiresOn == nil
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
        if let perWeek = change.inductionPerWeek {
            validator.check([2, 3].contains(perWeek), "inductionPerWeek", "must be 2 or 3 sessions a week (Singh 2016; Murrough 2013)")
            result.inductionPerWeek = perWeek
        }
        if let threshold = change.boosterPhq9AtLeast {
            validator.check((5...27).contains(threshold), "boosterPhq9AtLeast", "must be a PHQ-9 total from 5 to 27")
            result.boosterPhq9AtLeast = threshold
        }
        if let chairs = change.chairs {
            let names = chairs.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            validator.check((1...40).contains(names.count), "chairs", "must name 1 to 40 chairs")
            validator.check(names.allSatisfy { (1...40).contains($0.count) }, "chairs", "each chair needs a name of 1 to 40 characters")
            validator.check(Set(names.map { $0.lowercased() }).count == names.count, "chairs", "must not name a chair twice")
            result.chairs = names
        }
        if let text = change.openingHours {
            if let hours = OpeningHours(text) {
                result.openingHours = hours
            } else {
                validator.add("openingHours", "must list open days as \"mon 08:00-18:00; tue 08:00-18:00\" (24-hour times, opening before closing, each day once)")
            }
        }
        if let lines = change.closedDates {
            let read = ClosedDate.parse(Array(lines.prefix(ClosedDate.maximumCount + 1)))
            if let line = read.unreadable {
                validator.add("closedDates", "must be one date a line as \"2026-12-25 Christmas Day\" (a name of 1 to 100 characters); not \"\(line.prefix(60))\"")
            } else {
                validator.check(read.dates.count <= ClosedDate.maximumCount, "closedDates", "must list at most \(ClosedDate.maximumCount) dates")
                validator.check(Set(read.dates.map(\.date)).count == read.dates.count, "closedDates", "must not list a date twice")
                result.closedDates = read.dates
            }
        }
        for (field, text, path) in [("clinicName", change.clinicName, \ClinicSettings.clinicName), ("clinicAddress", change.clinicAddress, \.clinicAddress),
                                    ("clinicPhone", change.clinicPhone, \.clinicPhone)] {
            guard let text else { continue }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            validator.check(value.count <= 300 && (field != "clinicName" || !value.isEmpty), field,
                            field == "clinicName" ? "must be 1 to 300 characters" : "must be at most 300 characters")
            result[keyPath: path] = value
        }
        if let rules = change.sessionRules {
            result.sessionRules = sessionRules.changed(rules, into: &validator)
        }
        if let years = change.ledgerRetentionYears {
            // Never below the federal 2 years (21 CFR 1304.04); states ask up to 5 or more.
            validator.check((2...30).contains(years), "ledgerRetentionYears", "must be a whole number of years from 2 (21 CFR 1304.04) to 30")
            result.ledgerRetentionYears = years
        }
        if let number = change.deaRegistration?.trimmingCharacters(in: .whitespaces).uppercased() {
            validator.check(number.isEmpty || StockLot.isValidDEANumber(number), "deaRegistration",
                            "must be a DEA number: two letters and seven digits with a valid check digit (or empty)")
            result.deaRegistration = number
        }
        if let text = change.deaRegistrationExpiresOn?.trimmingCharacters(in: .whitespaces) {
            let date = CalendarDate(text)
            validator.check(text.isEmpty || date != nil, "deaRegistrationExpiresOn", "must be a date in YYYY-MM-DD form (or empty)")
            result.deaRegistrationExpiresOn = date
        }
        validator.check(!change.isEmpty, "body",
                        "names nothing to change (trdMinimumWeeks, crisisLine, madrsRemissionAtMost, measureLinkHours, inductionPerWeek, boosterPhq9AtLeast, chairs, openingHours, closedDates, clinicName, clinicAddress, clinicPhone, sessionRules, ledgerRetentionYears, deaRegistration, deaRegistrationExpiresOn)")
        try validator.finish()
        return result
    }

    /// The settings as name and text, the form they are stored and audited in.
    public var namedValues: [(name: String, value: String)] {
        [("trdMinimumWeeks", String(trdMinimumWeeks)), ("crisisLine", crisisLine),
         ("madrsRemissionAtMost", String(madrsRemissionAtMost)), ("measureLinkHours", String(measureLinkHours)),
         ("inductionPerWeek", String(inductionPerWeek)), ("boosterPhq9AtLeast", String(boosterPhq9AtLeast)),
         ("chairs", chairs.joined(separator: "\n")), ("openingHours", openingHours.description),
         ("closedDates", closedDates.map(\.line).joined(separator: "\n")),
         ("clinicName", clinicName), ("clinicAddress", clinicAddress), ("clinicPhone", clinicPhone),
         ("ledgerRetentionYears", String(ledgerRetentionYears)), ("deaRegistration", deaRegistration),
         ("deaRegistrationExpiresOn", deaRegistrationExpiresOn?.description ?? "")]
            + SessionRule.allCases.map { ($0.rawValue, String(sessionRules[$0])) }
    }

    /// Reads one stored setting; unknown names and unreadable numbers keep the default.
    public mutating func set(_ name: String, to value: String) {
        switch name {
        case "trdMinimumWeeks": trdMinimumWeeks = Int(value) ?? trdMinimumWeeks
        case "crisisLine": crisisLine = value
        case "madrsRemissionAtMost": madrsRemissionAtMost = Int(value) ?? madrsRemissionAtMost
        case "measureLinkHours": measureLinkHours = Int(value) ?? measureLinkHours
        case "inductionPerWeek": inductionPerWeek = Int(value) ?? inductionPerWeek
        case "boosterPhq9AtLeast": boosterPhq9AtLeast = Int(value) ?? boosterPhq9AtLeast
        case "chairs": chairs = value.split(separator: "\n").map(String.init)
        case "openingHours": openingHours = OpeningHours(value) ?? openingHours
        case "closedDates": closedDates = ClosedDate.parse(value.split(separator: "\n").map(String.init)).dates
        case "clinicName": clinicName = value
        case "clinicAddress": clinicAddress = value
        case "clinicPhone": clinicPhone = value
        case "ledgerRetentionYears": ledgerRetentionYears = Int(value) ?? ledgerRetentionYears
        case "deaRegistration": deaRegistration = value
        case "deaRegistrationExpiresOn": deaRegistrationExpiresOn = CalendarDate(value)
        default:
            if let rule = SessionRule(rawValue: name), let number = Int(value) { sessionRules[rule] = number }
        }
    }
}
