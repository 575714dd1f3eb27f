import Foundation

/// The text a patient reads before consenting to treatment by one route. Templates are versioned:
/// an edit makes a new version, and every consent names the exact version the patient saw.
public struct ConsentTemplate: Sendable, Equatable {
    public var id: UUID
    public var route: TreatmentRoute
    public var version: Int
    public var title: String
    public var body: String
    public var createdAt: Date

    public init(id: UUID, route: TreatmentRoute, version: Int, title: String, body: String, createdAt: Date) {
        self.id = id
        self.route = route
        self.version = version
        self.title = title
        self.body = body
        self.createdAt = createdAt
    }

    /// Checks a new version's text.
    public static func checked(route: String?, title: String?, body: String?) throws(ValidationError) -> (TreatmentRoute, String, String) {
        var validator = Validator()
        let parsed: TreatmentRoute? = validator.choice(route, "route")
        let title = title?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        validator.check((1...200).contains(title.count), "title", title.isEmpty ? "is required" : "must be at most 200 characters")
        let body = body?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        validator.check((20...50_000).contains(body.count), "body", "must be 20 to 50,000 characters of consent text")
        try validator.finish()
        return (parsed!, title, body)
    }
}

/// A patient's informed consent to treatment by one route, witnessed by a member of staff.
public struct Consent: Sendable, Equatable {
    public var id: UUID
    public var patientID: UUID
    public var templateID: UUID
    public var route: TreatmentRoute
    public var templateVersion: Int
    /// The patient's full name as they typed it.
    public var typedName: String
    public var signedAt: Date
    public var witnessID: UUID
    public var witnessName: String
    public var withdrawnAt: Date?
    public var withdrawalReason: String?

    public init(id: UUID, patientID: UUID, templateID: UUID, route: TreatmentRoute, templateVersion: Int, typedName: String,
                signedAt: Date, witnessID: UUID, witnessName: String, withdrawnAt: Date? = nil, withdrawalReason: String? = nil) {
        self.id = id
        self.patientID = patientID
        self.templateID = templateID
        self.route = route
        self.templateVersion = templateVersion
        self.typedName = typedName
        self.signedAt = signedAt
        self.witnessID = witnessID
        self.witnessName = witnessName
        self.withdrawnAt = withdrawnAt
        self.withdrawalReason = withdrawalReason
    }

    public var isCurrent: Bool { withdrawnAt == nil }

    /// Whether a typed signature is the patient's name: the same words, ignoring case, accents and spacing.
    public static func typedName(_ typed: String, matches patient: Patient) -> Bool {
        func words(_ text: String) -> [String] {
            text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                .split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
        }
        let typedWords = words(typed)
        return typedWords == words(patient.fullName) || typedWords == words("\(patient.familyName) \(patient.givenName)")
    }
}
