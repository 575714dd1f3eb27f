import Foundation

/// When in the course a measure was taken; outcomes read the baseline and the pre-/post-dose pairs.
public enum AssessmentTiming: String, Sendable, Codable, CaseIterable {
    case baseline
    case preDose = "pre-dose"
    case postDose = "post-dose"
    case followUp = "follow-up"
}

/// Who answered: staff entering a score, or the patient (on paper or through a link).
public enum AssessmentSource: String, Sendable, Codable, CaseIterable {
    case clinician, patient
}

/// A completed, scored measure. The answers, the instrument version and the timing are kept as
/// given, so FHIR QuestionnaireResponse and Observation resources can be made from it later.
public struct Assessment: Sendable, Identifiable {
    public let id: UUID
    public let patientID: UUID
    public let instrument: InstrumentID
    public let version: String
    /// One per item, in item order; nil where the instrument's rules skipped the item.
    public let answers: [Int?]
    public let score: Score
    public let takenAt: Date
    public let source: AssessmentSource
    public let timing: AssessmentTiming?
    public let sessionID: UUID?
    public let enteredBy: UUID?
    public let enteredByName: String?
    public let recordedAt: Date

    public init(id: UUID, patientID: UUID, instrument: InstrumentID, version: String, answers: [Int?], score: Score, takenAt: Date,
                source: AssessmentSource, timing: AssessmentTiming?, sessionID: UUID?, enteredBy: UUID?, enteredByName: String?, recordedAt: Date) {
        self.id = id
        self.patientID = patientID
        self.instrument = instrument
        self.version = version
        self.answers = answers
        self.score = score
        self.takenAt = takenAt
        self.source = source
        self.timing = timing
        self.sessionID = sessionID
        self.enteredBy = enteredBy
        self.enteredByName = enteredByName
        self.recordedAt = recordedAt
    }
}

/// An assessment as a client sends it, before checking.
public struct AssessmentForm: Sendable, Decodable {
    public var instrument: String?
    public var answers: [RawAnswer]?
    public var takenAt: String?
    public var source: String?
    public var timing: String?
    public var sessionId: String?

    public init(instrument: String?, answers: [RawAnswer]?, takenAt: String?, source: String?, timing: String? = nil, sessionId: String? = nil) {
        self.instrument = instrument
        self.answers = answers
        self.takenAt = takenAt
        self.source = source
        self.timing = timing
        self.sessionId = sessionId
    }

    /// What a checked form holds: everything but the ids and who entered it.
    public struct Checked: Sendable {
        public let instrument: Instrument
        public let answers: [Int?]
        public let score: Score
        public let takenAt: Date
        public let source: AssessmentSource
        public let timing: AssessmentTiming?
        public let sessionID: UUID?

        /// Answers from a form whose other fields need no checking (a patient's link: now, by the patient).
        public init(_ instrument: Instrument, answers raw: [RawAnswer], takenAt: Date, source: AssessmentSource, timing: AssessmentTiming?,
                    sessionID: UUID? = nil) throws(ValidationError) {
            let (answers, score) = try instrument.score(raw)
            self.init(instrument: instrument, answers: answers, score: score, takenAt: takenAt, source: source, timing: timing, sessionID: sessionID)
        }

        init(instrument: Instrument, answers: [Int?], score: Score, takenAt: Date, source: AssessmentSource, timing: AssessmentTiming?,
             sessionID: UUID?) {
            self.instrument = instrument
            self.answers = answers
            self.score = score
            self.takenAt = takenAt
            self.source = source
            self.timing = timing
            self.sessionID = sessionID
        }
    }

    /// Checks every field, collecting all failures: an unknown instrument, answers that do not fit
    /// the items, a time that is missing, unreadable or in the future (a minute's clock skew allowed),
    /// an unknown source or timing.
    /// 1979-01-01: the MADRS, the oldest instrument Vigil scores, was published that year (Montgomery and
    /// Åsberg, Br J Psychiatry 1979), so no measure was taken earlier (year 0001 was accepted before).
    static let earliest = Date(timeIntervalSince1970: 283_996_800)

    public func checked(now: Date) throws(ValidationError) -> Checked {
        var validator = Validator()
        let id: InstrumentID? = validator.choice(instrument, "instrument")
        let source: AssessmentSource? = validator.choice(self.source, "source")
        let timing: AssessmentTiming? = self.timing.flatMap { validator.choice($0, "timing") }
        var takenAt: Date?
        if let text = self.takenAt {
            takenAt = Instant.parse(text)
            if let date = takenAt {
                validator.check(date <= now.addingTimeInterval(60), "takenAt", "is in the future; give the time the measure was taken")
                validator.check(date >= Self.earliest, "takenAt", "is before 1979, when the oldest scale here (MADRS) was published")
            } else {
                validator.add("takenAt", "must be a date and time in RFC 3339 form, e.g. 2026-11-21T09:30:00Z")
            }
        } else {
            validator.add("takenAt", "is required")
        }
        var sessionID: UUID?
        if let sessionId {
            sessionID = UUID(uuidString: sessionId)
            validator.check(sessionID != nil, "sessionId", "must be a session id (UUID)")
        }
        var scored: (answers: [Int?], score: Score)?
        if let id {
            if let answers {
                do { scored = try Instrument.named(id).score(answers) } catch { validator.add(contentsOf: error.errors) }
            } else {
                validator.add("answers", "is required: one answer per item")
            }
        }
        try validator.finish()
        return Checked(instrument: Instrument.named(id!), answers: scored!.answers, score: scored!.score, takenAt: takenAt!,
                       source: source!, timing: timing, sessionID: sessionID)
    }
}
