import Foundation

/// One antidepressant trial in the patient's history, as recorded.
public struct MedicationTrial: Sendable, Equatable {
    public enum Adherence: String, Sendable, Codable, CaseIterable {
        case adequate, poor
    }

    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case noResponse = "no-response"
        case partialResponse = "partial-response"
        case response
        case remission
        case intolerance
        case ongoing
    }

    /// A prescriber's documented judgement that a trial of a drug outside the table was adequate in dose.
    public struct DoseOverride: Sendable, Equatable {
        public var prescriberName: String
        public var reason: String

        public init(prescriberName: String, reason: String) {
            self.prescriberName = prescriberName
            self.reason = reason
        }
    }

    public var id: UUID
    /// Generic name, lower case.
    public var drug: String
    public var dailyDoseMg: Double
    public var startDate: CalendarDate
    /// nil while the trial continues.
    public var endDate: CalendarDate?
    public var currentEpisode: Bool
    public var adherence: Adherence
    public var outcome: Outcome
    public var doseOverride: DoseOverride?
    /// When the adequate dose was reached, when known: the trial's duration counts from here, since
    /// the ATRQ and ATHF ask for the minimum dose held for the minimum time (clinical review F-E2).
    public var adequateDoseOn: CalendarDate?

    public init(id: UUID, drug: String, dailyDoseMg: Double, startDate: CalendarDate, endDate: CalendarDate?,
                currentEpisode: Bool, adherence: Adherence, outcome: Outcome, doseOverride: DoseOverride? = nil, adequateDoseOn: CalendarDate? = nil) {
        self.id = id
        self.drug = drug.trimmingCharacters(in: .whitespaces).lowercased()
        self.dailyDoseMg = dailyDoseMg
        self.startDate = startDate
        self.endDate = endDate
        self.currentEpisode = currentEpisode
        self.adherence = adherence
        self.outcome = outcome
        self.doseOverride = doseOverride
        self.adequateDoseOn = adequateDoseOn
    }
}
