import Foundation

/// A standing order to measure a patient regularly, e.g. PHQ-9 every 7 days. When a measure falls
/// due Vigil issues a link (by email when the clinic has an SMTP server and the patient an address;
/// otherwise staff see it due and send it with one click).
public struct MeasurementPlan: Sendable, Identifiable {
    public let id: UUID
    public let patientID: UUID
    public let instrument: InstrumentID
    public let everyDays: Int
    public let startDate: CalendarDate
    public let reason: String
    public let createdBy: UUID?
    public let createdByName: String
    public let createdAt: Date
    public let stoppedAt: Date?

    public init(id: UUID, patientID: UUID, instrument: InstrumentID, everyDays: Int, startDate: CalendarDate, reason: String,
                createdBy: UUID?, createdByName: String, createdAt: Date, stoppedAt: Date?) {
        self.id = id
        self.patientID = patientID
        self.instrument = instrument
        self.everyDays = everyDays
        self.startDate = startDate
        self.reason = reason
        self.createdBy = createdBy
        self.createdByName = createdByName
        self.createdAt = createdAt
        self.stoppedAt = stoppedAt
    }

    /// Where the plan stands today.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Due, and no link has gone out for it yet.
        case due
        /// A link went out and can still be answered.
        case sent
        /// This period's measure is done; the next falls due on `nextDue`.
        case completed
        /// Due for longer than a link lives, or a link for it expired unanswered.
        case overdue
    }

    public struct Progress: Sendable, Equatable {
        public let status: Status
        public let nextDue: CalendarDate

        public init(status: Status, nextDue: CalendarDate) {
            self.status = status
            self.nextDue = nextDue
        }
    }

    /// The plan's state from the day its instrument was last completed (by link or entered by
    /// staff) and the day and state of the plan's newest link. `graceDays` is how long a link lives.
    public func progress(lastCompleted: CalendarDate?, newestRequest: (day: CalendarDate, open: Bool)?, today: CalendarDate,
                         graceDays: Int) -> Progress {
        let nextDue = lastCompleted.map { max($0.adding(days: everyDays), startDate) } ?? startDate
        if nextDue > today { return Progress(status: .completed, nextDue: nextDue) }
        if let newestRequest, newestRequest.day >= nextDue {
            return Progress(status: newestRequest.open ? .sent : .overdue, nextDue: nextDue)
        }
        return Progress(status: nextDue.adding(days: graceDays) < today ? .overdue : .due, nextDue: nextDue)
    }

    /// Checks a new plan: an instrument patients may answer, every 1 to 90 days, a start date from
    /// today on, and a reason the patient will read.
    public static func checked(instrument: String?, everyDays: Int?, startDate: String?, reason: String?,
                               today: CalendarDate) throws(ValidationError) -> (Instrument, Int, CalendarDate, String) {
        var validator = Validator()
        var checked: (Instrument, String)?
        do { checked = try MeasureRequest.checked(instrument: instrument, reason: reason) } catch { validator.add(contentsOf: error.errors) }
        validator.check(everyDays.map { (1...90).contains($0) } ?? false, "everyDays", "must be a whole number of days from 1 to 90 (7 = weekly)")
        let start = startDate.map { CalendarDate($0) } ?? today
        if let start {
            validator.check(start >= today, "startDate", "must be today or later")
        } else {
            validator.add("startDate", "must be a date in YYYY-MM-DD form")
        }
        try validator.finish()
        return (checked!.0, everyDays!, start!, checked!.1)
    }
}
