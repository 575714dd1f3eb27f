import Foundation

/// Opens a session from a booked dosing appointment, or ad hoc for a patient's course today.
public struct SessionOpeningForm: Sendable, Decodable {
    public var appointmentId: String?
    public var patientId: String?
    public var courseId: String?
    public var sessionNumber: Int?

    public init(appointmentId: String? = nil, patientId: String? = nil, courseId: String? = nil, sessionNumber: Int? = nil) {
        self.appointmentId = appointmentId
        self.patientId = patientId
        self.courseId = courseId
        self.sessionNumber = sessionNumber
    }

    public enum Checked: Sendable {
        case appointment(UUID)
        /// Today, for the course's given session or its next one not yet held.
        case adHoc(patientID: UUID, courseID: UUID, sessionNumber: Int?)
    }

    public func checked() throws(ValidationError) -> Checked {
        var validator = Validator()
        if let appointmentId {
            let id = UUID(uuidString: appointmentId)
            validator.check(id != nil, "appointmentId", "must be an appointment id")
            validator.check(patientId == nil && courseId == nil && sessionNumber == nil, "appointmentId",
                            "opens the booked session on its own; leave out patientId, courseId and sessionNumber")
            try validator.finish()
            return .appointment(id!)
        }
        let patient = patientId.flatMap(UUID.init(uuidString:))
        let course = courseId.flatMap(UUID.init(uuidString:))
        validator.check(patient != nil, "patientId", "must be a patient id (or give appointmentId)")
        validator.check(course != nil, "courseId", "must be a course id (or give appointmentId)")
        validator.check(sessionNumber.map { $0 >= 1 } ?? true, "sessionNumber", "must be a session number from 1")
        try validator.finish()
        return .adHoc(patientID: patient!, courseID: course!, sessionNumber: sessionNumber)
    }
}
