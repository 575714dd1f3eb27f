import Foundation

/// One place of the clinic network where patients are dosed: its own chairs, hours, time zone and
/// calendar, its own DEA registration and controlled-substance book (21 CFR 1301.12: each place
/// where controlled substances are kept is registered separately; 1304.04: records are kept per
/// registration), and its own SPRAVATO REMS healthcare-setting certification (REMS: each setting
/// is certified — clinical reference §2). Patients, products and users belong to the network.
public struct Site: Sendable, Equatable, Identifiable {
    /// The site every record made before sites existed belongs to (migration 0020).
    public static let firstID = UUID(uuidString: "00000000-0000-4000-8000-000000000001")!

    public let id: UUID
    public var name: String
    public var address: String
    public var phone: String
    /// An IANA zone ("America/Chicago"); empty on the site a migrated installation started with,
    /// which then follows the server's `--time-zone` until one is set.
    public var timeZoneID: String
    /// The chairs patients are dosed in, by the names staff use.
    public var chairs: [String]
    /// When the site doses patients, in its time zone.
    public var openingHours: OpeningHours
    /// Dates the site is closed although its hours say open (public holidays).
    public var closedDates: [ClosedDate]
    /// The registration this site's controlled-substance records are kept under and name; empty until set.
    public var deaRegistration: String
    /// When the registration ends (registrations are renewed: 21 CFR 1301.13); nil until set.
    public var deaRegistrationExpiresOn: CalendarDate?
    /// The SPRAVATO REMS healthcare-setting certification the monitoring forms name; empty until set.
    public var remsSettingID: String
    public var remsCertifiedOn: CalendarDate?
    /// What the patient pages of this site tell someone in crisis. Default: the US 988 Suicide &
    /// Crisis Lifeline and 911; sites elsewhere set their own.
    public var crisisLine: String
    /// A closed site keeps its records; nothing new is booked, dosed or stocked there.
    public var active: Bool

    public static let defaultCrisisLine = "If you are in crisis or thinking about suicide, call or text 988 (Suicide & Crisis Lifeline, US). In an emergency call 911 or go to the nearest emergency department."
    public static let defaultChairs = ["Chair 1", "Chair 2", "Chair 3", "Chair 4"]

    public init(id: UUID = NewID.make(), name: String, address: String = "", phone: String = "", timeZoneID: String, chairs: [String] = Site.defaultChairs,
                openingHours: OpeningHours = .standard, closedDates: [ClosedDate] = [], deaRegistration: String = "",
                deaRegistrationExpiresOn: CalendarDate? = nil, remsSettingID: String = "", remsCertifiedOn: CalendarDate? = nil,
                crisisLine: String = Site.defaultCrisisLine, active: Bool = true) {
        self.id = id
        self.name = name
        self.address = address
        self.phone = phone
        self.timeZoneID = timeZoneID
        self.chairs = chairs
        self.openingHours = openingHours
        self.closedDates = closedDates
        self.deaRegistration = deaRegistration
        self.deaRegistrationExpiresOn = deaRegistrationExpiresOn
        self.remsSettingID = remsSettingID
        self.remsCertifiedOn = remsCertifiedOn
        self.crisisLine = crisisLine
        self.active = active
    }

    /// Whether `identifier` names an IANA zone (or UTC), not a fixed offset.
    public static func isNamedZone(_ identifier: String) -> Bool {
        ["UTC", "GMT"].contains(identifier) || TimeZone.knownTimeZoneIdentifiers.contains(identifier)
    }

    /// The site's calendar zone; `fallback` (the server's `--time-zone`) while none is set.
    public func timeZone(fallback: TimeZone) -> TimeZone {
        TimeZone(identifier: timeZoneID) ?? fallback
    }

    /// The days the site doses: its hours less its closed dates.
    public var clinicDays: ClinicDays { ClinicDays(hours: openingHours, closed: closedDates) }

    /// How far ahead the stock overview warns of the registration's end: Vigil practice, time to renew.
    public static let registrationWarningDays = 60

    /// What the stock overview says of the registration, or nil when it is set and not near its end.
    public func registrationWarning(today: CalendarDate) -> String? {
        guard !deaRegistration.isEmpty else {
            return "No DEA registration number is set for \(name) (Sites): its controlled-substance records are kept under it and name it (21 CFR 1304.04)."
        }
        guard let ends = deaRegistrationExpiresOn else { return "The DEA registration's expiry date is not set for \(name) (Sites)." }
        let days = today.days(to: ends)
        if days < 0 { return "DEA registration \(deaRegistration) expired on \(ends): controlled substances may not be handled until it is renewed." }
        return days <= Self.registrationWarningDays ? "DEA registration \(deaRegistration) expires on \(ends), in \(days) day(s): renew it (21 CFR 1301.13)." : nil
    }

    /// The site as the DEA records and the REMS form name it: name, address, registration.
    public var registrant: String {
        [name, address, deaRegistration.isEmpty ? "" : "DEA registration \(deaRegistration)"].filter { !$0.isEmpty }.joined(separator: ", ")
    }

    /// The fields as a client sends them, to create a site (`name` and `timeZone` required) or to
    /// change one (only those given change).
    public struct Change: Sendable, Decodable, Equatable {
        public var name: String?
        public var address: String?
        public var phone: String?
        public var timeZone: String?
        public var chairs: [String]?
        public var openingHours: String?
        /// One "YYYY-MM-DD name" a line.
        public var closedDates: [String]?
        /// Empty clears it.
        public var deaRegistration: String?
        /// "YYYY-MM-DD"; empty clears it.
        public var deaRegistrationExpiresOn: String?
        public var remsSettingId: String?
        public var remsCertifiedOn: String?
        public var crisisLine: String?
        public var active: Bool?

        public init(name: String? = nil, address: String? = nil, phone: String? = nil, timeZone: String? = nil, chairs: [String]? = nil,
                    openingHours: String? = nil, closedDates: [String]? = nil, deaRegistration: String? = nil, deaRegistrationExpiresOn: String? = nil,
                    remsSettingId: String? = nil, remsCertifiedOn: String? = nil, crisisLine: String? = nil, active: Bool? = nil) {
            self.name = name
            self.address = address
            self.phone = phone
            self.timeZone = timeZone
            self.chairs = chairs
            self.openingHours = openingHours
            self.closedDates = closedDates
            self.deaRegistration = deaRegistration
            self.deaRegistrationExpiresOn = deaRegistrationExpiresOn
            self.remsSettingId = remsSettingId
            self.remsCertifiedOn = remsCertifiedOn
            self.crisisLine = crisisLine
            self.active = active
        }

        /// The names a client may send, for the refusal of an empty change.
        public static let fields = "name, address, phone, timeZone, chairs, openingHours, closedDates, deaRegistration, deaRegistrationExpiresOn, remsSettingId, remsCertifiedOn, crisisLine, active"
    }

    /// A new site from a client's fields, every problem reported at once.
    public static func created(_ change: Change, id: UUID = NewID.make()) throws(ValidationError) -> Site {
        var validator = Validator()
        validator.check(change.name != nil, "name", "is required")
        validator.check(change.timeZone != nil, "timeZone", "is required: the site's calendar zone, such as America/Chicago")
        let blank = Site(id: id, name: "", timeZoneID: "")
        return try blank.changed(change, checking: validator)
    }

    /// This site with a client's change applied, every problem reported at once.
    public func changed(_ change: Change) throws(ValidationError) -> Site {
        var validator = Validator()
        validator.check(change != Change(), "body", "names nothing to change (\(Change.fields))")
        return try changed(change, checking: validator)
    }

    private func changed(_ change: Change, checking start: Validator) throws(ValidationError) -> Site {
        var validator = start
        var result = self
        for (field, text, path, limit) in [("name", change.name, \Site.name, 200), ("address", change.address, \.address, 300),
                                           ("phone", change.phone, \.phone, 40), ("remsSettingId", change.remsSettingId, \.remsSettingID, 40)] {
            guard let text else { continue }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            validator.check(value.count <= limit && (field != "name" || !value.isEmpty), field,
                            field == "name" ? "must be 1 to \(limit) characters" : "must be at most \(limit) characters")
            validator.printable(value, field)
            result[keyPath: path] = value
        }
        if let zone = change.timeZone?.trimmingCharacters(in: .whitespaces) {
            // Only named zones (and UTC): a fixed offset ("GMT-6") would not follow daylight saving time.
            validator.check(Self.isNamedZone(zone), "timeZone", "must be an IANA time zone such as America/Chicago or America/Denver")
            result.timeZoneID = zone
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
        if let number = change.deaRegistration?.trimmingCharacters(in: .whitespaces).uppercased() {
            validator.check(number.isEmpty || StockLot.isValidDEANumber(number), "deaRegistration",
                            "must be a DEA number: two letters and seven digits with a valid check digit (or empty)")
            result.deaRegistration = number
        }
        for (field, text, path) in [("deaRegistrationExpiresOn", change.deaRegistrationExpiresOn, \Site.deaRegistrationExpiresOn),
                                    ("remsCertifiedOn", change.remsCertifiedOn, \.remsCertifiedOn)] {
            guard let text = text?.trimmingCharacters(in: .whitespaces) else { continue }
            let date = CalendarDate(text)
            validator.check(text.isEmpty || date != nil, field, "must be a date in YYYY-MM-DD form (or empty)")
            result[keyPath: path] = date
        }
        if let crisisLine = change.crisisLine {
            let text = crisisLine.trimmingCharacters(in: .whitespacesAndNewlines)
            validator.check((10...500).contains(text.count), "crisisLine", "must be 10 to 500 characters")
            result.crisisLine = text
        }
        if let active = change.active { result.active = active }
        try validator.finish()
        return result
    }
}

extension [Site] {
    /// The site with `id`, if listed.
    public func site(_ id: UUID?) -> Site? { first { $0.id == id } }
}
