import Foundation

/// An alert raised by a flagged measure. It stays open, in red on the chart and in the alerts
/// list, until a clinician acknowledges it with a note of the action taken.
public struct SuicidalityAlert: Sendable, Identifiable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case open, acknowledged
    }

    /// Urgent: a suicidality item over its threshold or a C-SSRS moderate or high, acted on now.
    /// Review: a lesser signal, seen and acknowledged at the next contact.
    public enum Level: String, Sendable, Codable, CaseIterable {
        case urgent, review

        public static func of(_ flags: [MeasureFlag]) -> Level? {
            flags.contains(.suicidality) ? .urgent : flags.contains(.suicidalityReview) ? .review : nil
        }
    }

    public let id: UUID
    public let patientID: UUID
    public let assessmentID: UUID
    public let instrument: InstrumentID
    public let level: Level
    public let reasons: [String]
    public let raisedAt: Date
    public let acknowledgedBy: UUID?
    public let acknowledgedByName: String?
    public let acknowledgedAt: Date?
    public let actionTaken: String?
    /// Filled in lists: who the alert is about.
    public var patientName: String?

    public init(id: UUID, patientID: UUID, assessmentID: UUID, instrument: InstrumentID, level: Level = .urgent, reasons: [String], raisedAt: Date,
                acknowledgedBy: UUID? = nil, acknowledgedByName: String? = nil, acknowledgedAt: Date? = nil, actionTaken: String? = nil,
                patientName: String? = nil) {
        self.id = id
        self.patientID = patientID
        self.assessmentID = assessmentID
        self.instrument = instrument
        self.level = level
        self.reasons = reasons
        self.raisedAt = raisedAt
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedByName = acknowledgedByName
        self.acknowledgedAt = acknowledgedAt
        self.actionTaken = actionTaken
        self.patientName = patientName
    }

    public var status: Status { acknowledgedAt == nil ? .open : .acknowledged }

    /// The note an acknowledgement needs: what was done, in the clinician's words.
    public static func checkedAction(_ text: String?) throws(ValidationError) -> String {
        let note = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard (5...2000).contains(note.count) else {
            throw ValidationError("actionTaken", "must say what was done, in 5 to 2000 characters (e.g. \"Called patient, safety plan reviewed\")")
        }
        return note
    }
}
