/// A completed (or partly completed) eligibility screening.
public struct Screening: Sendable, Equatable {
    public enum Answer: String, Sendable, Codable, CaseIterable {
        case yes, no, unknown
    }

    public struct Response: Sendable, Equatable {
        public var answer: Answer
        public var note: String?

        public init(_ answer: Answer, note: String? = nil) {
            self.answer = answer
            self.note = note
        }
    }

    public var responses: [ScreeningItem: Response]
    /// Resting blood pressure at screening, mmHg.
    public var systolic: Int?
    public var diastolic: Int?
    public var substanceUseHistory: String?

    public init(responses: [ScreeningItem: Response], systolic: Int?, diastolic: Int?, substanceUseHistory: String? = nil) {
        self.responses = responses
        self.systolic = systolic
        self.diastolic = diastolic
        self.substanceUseHistory = substanceUseHistory
    }
}
