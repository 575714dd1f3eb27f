import Foundation

/// A booking or a change to one, as a client sends it. Every field is optional here; `checked`
/// says which are required.
public struct AppointmentForm: Sendable, Decodable {
    public var patientId: String?
    public var kind: String?
    public var courseId: String?
    public var sessionNumber: Int?
    public var date: String?
    public var startTime: String?
    public var durationMinutes: Int?
    public var chair: String?
    public var staff: [String]?
    public var note: String?
    /// Why a booked appointment moves (required for a reschedule).
    public var reason: String?

    public init(patientId: String? = nil, kind: String? = nil, courseId: String? = nil, sessionNumber: Int? = nil, date: String? = nil,
                startTime: String? = nil, durationMinutes: Int? = nil, chair: String? = nil, staff: [String]? = nil, note: String? = nil,
                reason: String? = nil) {
        self.patientId = patientId
        self.kind = kind
        self.courseId = courseId
        self.sessionNumber = sessionNumber
        self.date = date
        self.startTime = startTime
        self.durationMinutes = durationMinutes
        self.chair = chair
        self.staff = staff
        self.note = note
        self.reason = reason
    }

    /// Chair time for visits without a dose, when none is given (Vigil defaults, not clinical numbers).
    public static func defaultMinutes(_ kind: Appointment.Kind) -> Int { kind == .consultation ? 60 : 30 }

    /// The checked values of a new booking. A dosing appointment books a session of a course.
    public struct Checked: Sendable {
        public let patientID: UUID
        public let kind: Appointment.Kind
        public let courseID: UUID?
        public let sessionNumber: Int?
        public let date: CalendarDate
        public let startMinute: Int
        public let durationMinutes: Int?
        public let chair: String
        public let staff: [UUID]
        public let note: String?
    }

    public func checkedBooking(today: CalendarDate) throws(ValidationError) -> Checked {
        var validator = Validator()
        let patientID = patientId.flatMap(UUID.init(uuidString:))
        validator.check(patientID != nil, "patientId", "must be a patient's id")
        let kind: Appointment.Kind? = validator.choice(kind ?? Appointment.Kind.dosing.rawValue, "kind")
        let courseID = courseId.flatMap(UUID.init(uuidString:))
        if kind == .dosing {
            validator.check(courseID != nil, "courseId", courseId == nil ? "is required for a dosing session (a dose needs a course and its dose order)" : "must be a course id")
        } else {
            validator.check(courseId == nil && sessionNumber == nil, "courseId", "applies only to dosing sessions")
        }
        validator.check(sessionNumber.map { $0 >= 1 } ?? true, "sessionNumber", "must be a session number from 1")
        let fields = checkedTiming(required: true, today: today, into: &validator)
        let staff = checkedStaff(into: &validator)
        try validator.finish()
        return Checked(patientID: patientID!, kind: kind!, courseID: courseID, sessionNumber: sessionNumber, date: fields.date!,
                       startMinute: fields.start!, durationMinutes: durationMinutes, chair: fields.chair!, staff: staff ?? [], note: checkedNote)
    }

    /// Applies a change to a booked appointment: a new date, time or chair needs a reason.
    public func changing(_ appointment: Appointment, today: CalendarDate) throws(ValidationError) -> (Appointment, Appointment.ChangeReason?) {
        var validator = Validator()
        validator.check(patientId == nil && kind == nil && courseId == nil && sessionNumber == nil, "body",
                        "patient, kind and course cannot change; cancel and book again")
        let fields = checkedTiming(required: false, today: today, into: &validator)
        let staff = checkedStaff(into: &validator)
        var changed = appointment
        if let date = fields.date { changed.date = date }
        if let start = fields.start { changed.startMinute = start }
        if let chair = fields.chair { changed.chair = chair }
        if let durationMinutes { changed.durationMinutes = durationMinutes }
        if note != nil { changed.note = checkedNote }
        let moved = changed.date != appointment.date || changed.startMinute != appointment.startMinute || changed.chair != appointment.chair
            || changed.durationMinutes != appointment.durationMinutes
        var why: Appointment.ChangeReason?
        if moved {
            why = validator.choice(reason, "reason")
        }
        validator.check(moved || staff != nil || note != nil, "body", "names nothing to change (date, startTime, durationMinutes, chair, staff, note)")
        try validator.finish()
        return (changed, why)
    }

    /// Staff ids as given, for the caller to look up.
    public var staffIDs: [UUID]? { staff?.compactMap(UUID.init(uuidString:)) }

    private var checkedNote: String? { note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty }

    private func checkedTiming(required: Bool, today: CalendarDate, into validator: inout Validator) -> (date: CalendarDate?, start: Int?, chair: String?) {
        let day = date.flatMap(CalendarDate.init)
        if date != nil || required {
            if let day {
                validator.check(day >= today && day <= today.adding(days: 366), "date", "must be from today to a year ahead")
            } else {
                validator.add("date", "must be a date in YYYY-MM-DD form")
            }
        }
        let start = startTime.flatMap(OpeningHours.minutes)
        if startTime != nil || required {
            validator.check(start.map { $0 % 5 == 0 } ?? false, "startTime", "must be a time as HH:MM on the 5-minute mark")
        }
        if let durationMinutes {
            validator.check((5...600).contains(durationMinutes), "durationMinutes", "must be 5 to 600 minutes")
        }
        let chairName = chair?.trimmingCharacters(in: .whitespacesAndNewlines)
        if chair != nil || required {
            validator.check(!(chairName ?? "").isEmpty, "chair", "is required")
        }
        if let note { validator.check(note.count <= 1000, "note", "must be at most 1000 characters") }
        return (day, start, chairName?.nilIfEmpty)
    }

    private func checkedStaff(into validator: inout Validator) -> [UUID]? {
        guard let staff else { return nil }
        let ids = staff.compactMap(UUID.init(uuidString:))
        validator.check(ids.count == staff.count && staff.count <= 10, "staff", "must be up to 10 user ids")
        return ids
    }
}
