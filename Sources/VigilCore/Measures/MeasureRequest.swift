import Foundation

/// A measure sent to a patient as a link. The link's secret is given out once and only its hash is
/// kept; the link works once and until it expires.
public struct MeasureRequest: Sendable, Identifiable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case open, completed, expired
    }

    /// How the link reached the patient.
    public enum Delivery: String, Sendable, Codable, CaseIterable {
        /// Emailed through the clinic's SMTP server.
        case email
        /// Shown to staff, who passed it on (no SMTP server, or no email address on the record).
        case staff
    }

    public let id: UUID
    public let patientID: UUID
    public let instrument: InstrumentID
    /// Why the clinic asks, shown to the patient.
    public let reason: String
    /// Recorded on the assessment the patient completes (e.g. a baseline before the first dose).
    public let timing: AssessmentTiming?
    public let requestedBy: UUID?
    /// The clinician the patient sees as asking; for plan links, the clinician who made the plan.
    public let requestedByName: String
    public let createdAt: Date
    public let expiresAt: Date
    public let completedAt: Date?
    public let assessmentID: UUID?
    public let planID: UUID?
    public let delivery: Delivery
    /// What went wrong delivering it, if anything (e.g. the mail server refused it).
    public var deliveryNote: String?
    /// Filled in lists.
    public let patientName: String?

    public init(id: UUID, patientID: UUID, instrument: InstrumentID, reason: String, timing: AssessmentTiming?, requestedBy: UUID?, requestedByName: String,
                createdAt: Date, expiresAt: Date, completedAt: Date?, assessmentID: UUID?, planID: UUID?, delivery: Delivery,
                deliveryNote: String?, patientName: String? = nil) {
        self.id = id
        self.patientID = patientID
        self.instrument = instrument
        self.reason = reason
        self.timing = timing
        self.requestedBy = requestedBy
        self.requestedByName = requestedByName
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.completedAt = completedAt
        self.assessmentID = assessmentID
        self.planID = planID
        self.delivery = delivery
        self.deliveryNote = deliveryNote
        self.patientName = patientName
    }

    public func status(at now: Date) -> Status {
        if completedAt != nil { return .completed }
        return now < expiresAt ? .open : .expired
    }

    /// Checks what a clinician sends with a link: an instrument patients may answer, and a reason.
    public static func checked(instrument text: String?, reason: String?) throws(ValidationError) -> (Instrument, String) {
        var validator = Validator()
        let sendable = Instrument.all.values.filter(\.canBeSentToPatients).map(\.id).sorted { $0.rawValue < $1.rawValue }
        let id: InstrumentID? = validator.choice(text, "instrument", among: sendable)
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        validator.check((3...300).contains(why.count), "reason", "must tell the patient why in 3 to 300 characters (e.g. \"Weekly check during your treatment\")")
        try validator.finish()
        return (Instrument.named(id!), why)
    }
}
