import Foundation

/// The verdict on one trial: adequate (nil when it cannot be judged), failed, and why.
public struct TrialAssessment: Sendable, Equatable {
    public var trialID: UUID
    public var drug: String
    public var adequate: Bool?
    public var failed: Bool
    /// Whether it counts toward treatment resistance (adequate, failed, current episode, a drug not
    /// already counted).
    public var counts: Bool
    public var reasons: [String]

    public init(trialID: UUID, drug: String, adequate: Bool?, failed: Bool, counts: Bool, reasons: [String]) {
        self.trialID = trialID
        self.drug = drug
        self.adequate = adequate
        self.failed = failed
        self.counts = counts
        self.reasons = reasons
    }
}
