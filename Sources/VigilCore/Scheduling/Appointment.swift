import Foundation

/// A booking of a patient into a chair: a dosing session of a course, or a visit without a dose.
/// Times are wall-clock minutes on the clinic's calendar.
public struct Appointment: Sendable, Equatable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case dosing, consultation, review

        public var title: String {
            switch self {
            case .dosing: "Dosing session"
            case .consultation: "Consultation"
            case .review: "Review"
            }
        }
    }

    /// Where a booking stands. `booked` until attendance is recorded: `arrived` (for a dosing
    /// session, at check-in), `no-show`, or `late-cancellation` (cancelled on the day or the day
    /// before); `cancelled` for one called off in good time or moved out of the chair by the clinic.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case booked, arrived
        case noShow = "no-show"
        case lateCancellation = "late-cancellation"
        case cancelled

        public var title: String {
            switch self {
            case .booked: "Booked"
            case .arrived: "Arrived"
            case .noShow: "No-show"
            case .lateCancellation: "Late cancellation"
            case .cancelled: "Cancelled"
            }
        }

        /// Whether the booking still holds its chair and its place in the patient's dosing.
        public var holdsChair: Bool { self == .booked || self == .arrived }

        /// Attendance that was recorded: the patient came, or did not.
        public var isAttendance: Bool { self == .arrived || self == .noShow || self == .lateCancellation }
    }

    /// Why `status` may not be recorded for this booking on `today`, or nil when it may: only a
    /// booked appointment takes attendance; arrival and no-show on or after its day (arrival at a
    /// dosing session is its check-in); a late cancellation on the day or the day before.
    public func attendanceRefusal(_ status: Status, today: CalendarDate) -> String? {
        guard self.status == .booked else { return "the booking is already \(self.status.title.lowercased())" }
        switch status {
        case .arrived:
            if kind == .dosing { return "a dosing session's arrival is its check-in" }
            return date > today ? "a visit on \(date) cannot be attended yet" : nil
        case .noShow: return date > today ? "a booking on \(date) cannot be missed yet" : nil
        case .lateCancellation: return date > today.adding(days: 1) ? "a cancellation before the day before (\(date.adding(days: -1))) is not late: cancel it" : nil
        case .booked, .cancelled: return "attendance is arrived, no-show or late-cancellation"
        }
    }

    /// Why an appointment was moved or cancelled (issue 5).
    public enum ChangeReason: String, Sendable, Codable, CaseIterable {
        case noRide = "no-ride"
        case ateTooClose = "ate-too-close"
        case illness
        case patientRequest = "patient-request"
        case clinic

        public var title: String {
            switch self {
            case .noRide: "No ride home"
            case .ateTooClose: "Ate too close to the session"
            case .illness: "Illness"
            case .patientRequest: "Patient's request"
            case .clinic: "Clinic's decision"
            }
        }
    }

    public struct StaffMember: Sendable, Equatable, Codable {
        public let id: UUID
        public let name: String

        public init(id: UUID, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// The course session an appointment books, with what the rules need from its protocol.
    public struct CourseSession: Sendable, Equatable {
        public let courseID: UUID
        public let number: Int
        public let protocolID: String
        public let route: TreatmentRoute
        public let minimumDaysApart: Int
        public let minimumChairMinutes: Int

        public init(courseID: UUID, number: Int, protocolID: String, route: TreatmentRoute, minimumDaysApart: Int, minimumChairMinutes: Int) {
            self.courseID = courseID
            self.number = number
            self.protocolID = protocolID
            self.route = route
            self.minimumDaysApart = minimumDaysApart
            self.minimumChairMinutes = minimumChairMinutes
        }

        /// Session `number` of a course, with the rules of the protocol version it follows.
        public init(_ course: Course, number: Int) {
            let used = course.treatmentProtocol
            self.init(courseID: course.id, number: number, protocolID: used.id, route: used.route,
                      minimumDaysApart: used.minimumDaysApart, minimumChairMinutes: used.minimumChairMinutes)
        }

        /// The same course session under another number.
        public func numbered(_ number: Int) -> CourseSession {
            CourseSession(courseID: courseID, number: number, protocolID: protocolID, route: route, minimumDaysApart: minimumDaysApart,
                          minimumChairMinutes: minimumChairMinutes)
        }
    }

    public let id: UUID
    public let patientID: UUID
    public var patientName: String
    public var kind: Kind
    public var session: CourseSession?
    public var date: CalendarDate
    public var startMinute: Int
    public var durationMinutes: Int
    public var chair: String
    public var staff: [StaffMember]
    public var note: String?
    public var status: Status
    public var changeReason: ChangeReason?
    public var changeNote: String?
    /// The site whose chair it is.
    public var siteID: UUID

    public init(id: UUID, patientID: UUID, patientName: String, kind: Kind, session: CourseSession?, date: CalendarDate, startMinute: Int,
                durationMinutes: Int, chair: String, staff: [StaffMember] = [], note: String? = nil, status: Status = .booked,
                changeReason: ChangeReason? = nil, changeNote: String? = nil, siteID: UUID = Site.firstID) {
        self.id = id
        self.siteID = siteID
        self.patientID = patientID
        self.patientName = patientName
        self.kind = kind
        self.session = session
        self.date = date
        self.startMinute = startMinute
        self.durationMinutes = durationMinutes
        self.chair = chair
        self.staff = staff
        self.note = note
        self.status = status
        self.changeReason = changeReason
        self.changeNote = changeNote
    }

    public var endMinute: Int { startMinute + durationMinutes }

    /// "09:00–11:15".
    public var timeRange: String { "\(OpeningHours.clock(startMinute))–\(OpeningHours.clock(endMinute))" }

    public func overlaps(_ other: Appointment) -> Bool {
        date == other.date && startMinute < other.endMinute && other.startMinute < endMinute
    }
}

extension Sequence<Appointment> {
    /// The appointments of one course that hold their session (booked, or arrived), by session number.
    public func bookedBySession(of courseID: UUID) -> [Int: Appointment] {
        Dictionary(filter { $0.status.holdsChair && $0.session?.courseID == courseID }.map { ($0.session!.number, $0) },
                   uniquingKeysWith: { first, _ in first })
    }
}

/// A dose a patient was given: the day and the course session, for the spacing rules.
public struct GivenDose: Sendable, Equatable {
    public let patientID: UUID
    public let date: CalendarDate
    public let session: Appointment.CourseSession

    public init(patientID: UUID, date: CalendarDate, session: Appointment.CourseSession) {
        self.patientID = patientID
        self.date = date
        self.session = session
    }
}
