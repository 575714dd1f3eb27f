import Foundation

/// A screening as a client sends it: `items` maps each `ScreeningItem` id to an answer and note.
/// Items left out stay unanswered, which keeps eligibility incomplete.
public struct ScreeningForm: Sendable, Decodable {
    public struct Item: Sendable, Decodable {
        public var answer: String?
        public var note: String?

        public init(answer: String?, note: String? = nil) {
            self.answer = answer
            self.note = note
        }
    }

    public var items: [String: Item]?
    public var systolic: Int?
    public var diastolic: Int?
    public var substanceUseHistory: String?

    public init(items: [String: Item]?, systolic: Int?, diastolic: Int?, substanceUseHistory: String?) {
        self.items = items
        self.systolic = systolic
        self.diastolic = diastolic
        self.substanceUseHistory = substanceUseHistory
    }

    public func checked() throws(ValidationError) -> Screening {
        var validator = Validator()
        var responses: [ScreeningItem: Screening.Response] = [:]
        for (key, item) in (items ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let screeningItem = ScreeningItem(rawValue: key) else {
                validator.add("items.\(key)", "is not a screening item; the items are \(ScreeningItem.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            let answer: Screening.Answer? = validator.choice(item.answer, "items.\(key).answer")
            let note = item.note.flatMap { PatientForm.optionalText($0, "items.\(key).note", limit: 500, validator: &validator) }
            if let answer { responses[screeningItem] = Screening.Response(answer, note: note) }
        }
        // Plausibility bounds for a resting reading, to catch typing slips; the clinical thresholds
        // are applied by `Eligibility`.
        if let systolic { validator.check((60...300).contains(systolic), "systolic", "must be between 60 and 300 mmHg") }
        if let diastolic { validator.check((30...200).contains(diastolic), "diastolic", "must be between 30 and 200 mmHg") }
        if let systolic, let diastolic { validator.check(systolic > diastolic, "diastolic", "must be lower than systolic") }
        validator.check((systolic == nil) == (diastolic == nil), systolic == nil ? "systolic" : "diastolic", "is required with the other blood-pressure value")
        let history = substanceUseHistory.flatMap { PatientForm.optionalText($0, "substanceUseHistory", limit: 2000, validator: &validator) }
        try validator.finish()
        return Screening(responses: responses, systolic: systolic, diastolic: diastolic, substanceUseHistory: history)
    }
}

/// A prescriber's signed eligibility decision for one route. Never changed once signed; a later
/// decision for the same route supersedes it, and both stay on the record.
public struct EligibilityDecision: Sendable, Equatable {
    public var id: UUID
    public var patientID: UUID
    public var route: TreatmentRoute
    public var status: Eligibility.Status
    public var reasons: [String]
    /// The treatment-resistance verdict at signing, in words.
    public var treatmentResistance: String
    public var note: String?
    public var signedBy: UUID
    public var signedByName: String
    public var signedAt: Date
    /// When a later decision for the route replaced this one (nil: current).
    public var supersededAt: Date?

    public init(id: UUID, patientID: UUID, route: TreatmentRoute, status: Eligibility.Status, reasons: [String], treatmentResistance: String,
                note: String?, signedBy: UUID, signedByName: String, signedAt: Date, supersededAt: Date? = nil) {
        self.id = id
        self.patientID = patientID
        self.route = route
        self.status = status
        self.reasons = reasons
        self.treatmentResistance = treatmentResistance
        self.note = note
        self.signedBy = signedBy
        self.signedByName = signedByName
        self.signedAt = signedAt
        self.supersededAt = supersededAt
    }
}
