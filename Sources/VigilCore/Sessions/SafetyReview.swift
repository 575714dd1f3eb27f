import Foundation

/// The periodic safety review of repeated dosing (issue 6): every few sessions with a dose, a
/// clinician asks about the harms that grow with repeated ketamine and esketamine. Abuse and misuse
/// is a boxed warning of the esketamine label (clinical reference §2); urinary symptoms, cognition
/// and dose escalation are the other questions issue 6 names. The interval is the clinic's
/// `SessionRule.safetyReviewEverySessions`.
public struct SafetyReview: Sendable, Equatable, Codable, Identifiable {
    public enum Question: String, Sendable, Codable, CaseIterable {
        case urinarySymptoms = "urinary-symptoms"
        case cognition
        case cravingOrMisuse = "craving-or-misuse"
        case doseEscalation = "dose-escalation"

        public var title: String {
            switch self {
            case .urinarySymptoms: "Urinary symptoms"
            case .cognition: "Cognition"
            case .cravingOrMisuse: "Craving or misuse"
            case .doseEscalation: "Dose escalation"
            }
        }

        /// What is asked; "yes" is a concern.
        public var prompt: String {
            switch self {
            case .urinarySymptoms: "New urinary frequency, urgency, pain on passing urine or blood in the urine?"
            case .cognition: "New problems with memory, attention or thinking, noticed by the patient or others?"
            case .cravingOrMisuse: "Craving for ketamine, use outside the clinic, or asking for earlier or extra sessions?"
            case .doseEscalation: "Asking for, or needing, higher doses for the same effect?"
            }
        }
    }

    public let id: UUID
    public let patientID: UUID
    /// How many sessions with a dose the patient had when reviewed.
    public let dosedSessions: Int
    /// The questions answered yes.
    public let concerns: [Question]
    public let note: String?
    public let reviewedAt: Date
    public let reviewedByName: String

    public init(id: UUID, patientID: UUID, dosedSessions: Int, concerns: [Question], note: String?, reviewedAt: Date, reviewedByName: String) {
        self.id = id
        self.patientID = patientID
        self.dosedSessions = dosedSessions
        self.concerns = concerns
        self.note = note
        self.reviewedAt = reviewedAt
        self.reviewedByName = reviewedByName
    }

    /// Whether a review is due: the sessions with a dose since the last review, against the clinic's interval.
    public struct Due: Sendable, Equatable {
        public let dosedSessions: Int
        public let sinceLastReview: Int
        public let every: Int

        public init(dosedSessions: Int, lastReview: SafetyReview?, every: Int) {
            self.dosedSessions = dosedSessions
            sinceLastReview = dosedSessions - (lastReview?.dosedSessions ?? 0)
            self.every = every
        }

        public var isDue: Bool { sinceLastReview >= every }

        public var reason: String {
            "\(sinceLastReview) session(s) with a dose since the last safety review; the clinic reviews every \(every)."
        }
    }
}

/// A safety review as a client sends it: every question answered, a note whenever one is a concern.
public struct SafetyReviewForm: Sendable, Decodable {
    /// By question (`urinary-symptoms`, …): true is a concern.
    public var answers: [String: Bool]?
    public var note: String?

    public init(answers: [String: Bool]? = nil, note: String? = nil) {
        self.answers = answers
        self.note = note
    }

    public func checked(patientID: UUID, dosedSessions: Int, now: Date, reviewedByName: String) throws(ValidationError) -> SafetyReview {
        var validator = Validator()
        let answers = answers ?? [:]
        for key in answers.keys where SafetyReview.Question(rawValue: key) == nil {
            validator.add("answers.\(key)", "is not a safety review question")
        }
        for question in SafetyReview.Question.allCases where answers[question.rawValue] == nil {
            validator.add("answers.\(question.rawValue)", "is required (true for a concern, false for none)")
        }
        let text = validator.text(note, "note", max: 2000, required: false)
        let concerns = SafetyReview.Question.allCases.filter { answers[$0.rawValue] == true }
        validator.check(concerns.isEmpty || text != nil, "note", "is required when a question is a concern: what was found and what is planned")
        validator.check(dosedSessions > 0, "patient", "has had no session with a dose to review")
        try validator.finish()
        return SafetyReview(id: NewID.make(), patientID: patientID, dosedSessions: dosedSessions, concerns: concerns, note: text,
                            reviewedAt: now, reviewedByName: reviewedByName)
    }
}
