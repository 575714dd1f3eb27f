import VigilCore

/// Schemas of the protocol, course, booking and appointment bodies.
extension OpenAPISchemas {
    static let dose = object(["mg"], [("mg", number), ("mgPerKg", number), ("devices", integer)])
    static let clock: JSONValue = ["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "09:00"]

    static let courses: [(String, JSONValue)] = [
        ("ProtocolList", list(of: "Protocol")),
        ("Protocol", object(["id", "version", "name", "route", "drug", "offLabel", "source", "dosing", "phases"], [
            ("id", string), ("version", integer), ("name", string), ("route", values(TreatmentRoute.self)),
            ("drug", values(TreatmentProtocol.Drug.self)), ("offLabel", boolean), ("builtIn", boolean), ("basedOn", string), ("source", string),
            ("signedByName", string), ("signedAt", instant), ("inEffect", boolean),
            ("dosing", object(["unit", "standard", "lowest", "highest", "hardMaximum", "stepMg"], [
                ("unit", values(Dosing.Unit.self)), ("standard", number), ("firstDose", number), ("lowest", number), ("highest", number),
                ("hardMaximum", number), ("stepMg", number), ("deviceMg", number), ("rangeSource", string), ("hardMaximumSource", string),
            ])),
            ("phases", list(object(["kind", "cadence"], [
                ("kind", values(CoursePhase.self)), ("sessions", nullable("integer")), ("cadence", string), ("perWeek", integer),
                ("everyDays", integer), ("choices", list(string)), ("note", string),
            ]))),
            ("boosterNote", string), ("infusionMinutes", integer), ("chairMinutes", integer), ("minimumChairMinutes", integer),
            ("minimumDaysApart", integer),
        ])),
        ("ProtocolDraft", object([], [
            ("copyOf", string), ("id", ["type": "string", "pattern": "^[a-z][a-z0-9-]{2,39}$"]), ("name", string), ("note", string),
            ("standardDose", number), ("firstDose", number), ("lowestDose", number), ("highestDose", number), ("hardMaximum", number),
            ("inductionSessions", integer), ("inductionPerWeek", integer), ("infusionMinutes", integer), ("chairMinutes", integer),
        ])),
        ("NewCourse", object(["protocol", "startDate"], [
            ("protocol", string), ("startDate", date), ("doseMgPerKg", number), ("doseMg", number), ("sessionsPerWeek", integer),
            ("maintenanceEveryDays", integer), ("overrideReason", string), ("indicationNote", string), ("indicationOverride", string),
            ("concurrentCourseReason", ["type": "string", "description": "Another course of the patient is still open: why a second one now"]),
        ])),
        ("CourseList", list(of: "Course")),
        ("Course", object(["id", "protocol", "status", "plannedSessions"], [
            ("id", uuid), ("patientId", uuid), ("protocol", string), ("protocolVersion", integer), ("protocolName", string),
            ("route", values(TreatmentRoute.self)), ("offLabel", boolean), ("status", values(CourseStatus.self)), ("statusReason", string),
            ("startDate", date), ("schedule", list(string)), ("currentDose", dose),
            ("orders", list(object(["fromSession", "dose", "reason"], [
                ("fromSession", integer), ("amount", number), ("unit", values(Dosing.Unit.self)), ("dose", dose), ("weightKg", number),
                ("weightMeasuredOn", date), ("reason", string), ("overrideReason", string), ("orderedByName", string), ("orderedAt", instant),
            ]))),
            ("boosters", list(object(["date", "reason"], [("date", date), ("reason", string)]))),
            ("plannedSessions", list(object(["number", "plannedDate", "phase", "dose"], [
                ("number", integer), ("plannedDate", date), ("phase", values(CoursePhase.self)), ("dose", dose), ("infusionMinutes", integer),
                ("booking", object(["appointmentId", "date", "startTime", "chair"], [("appointmentId", uuid), ("date", date), ("startTime", clock), ("chair", string)])),
            ]))),
        ])),
        ("CourseStatusChange", object(["to"], [("to", values(CourseStatus.self)), ("reason", string)])),
        ("DoseOrder", object(["reason"], [
            ("doseMgPerKg", number), ("doseMg", number), ("fromSession", integer), ("reason", string), ("overrideReason", string),
        ])),
        ("Preparation", object(["session", "doseMg", "vialMgPerMl", "drawMl", "steps"], [
            ("session", integer), ("doseMg", number), ("vialMgPerMl", number), ("drawMl", number), ("bagMl", number), ("totalMl", number),
            ("finalMgPerMl", number), ("infusionMinutes", integer), ("pumpMlPerHour", number), ("steps", list(string)),
        ])),
        ("PlasmaPreview", object(["model", "doseMg", "weightKg", "peakNgPerMl", "caution", "points"], [
            ("model", string), ("source", string), ("doseMg", number), ("weightKg", number), ("infusionMinutes", number),
            ("peakNgPerMl", number), ("peakMinute", number), ("dissociationBandNgPerMl", list(number)), ("caution", string),
            ("points", list(object(["minute", "ngPerMl"], [("minute", number), ("ngPerMl", number)]))),
        ])),
        ("AdviceList", list(of: "Advice")),
        ("Advice", object(["key", "kind", "title", "reasons", "baseline", "latest"], [
            ("key", string), ("kind", values(BoosterAdvice.Kind.self)), ("instrument", values(InstrumentID.self)), ("title", string),
            ("reasons", list(string)), ("baseline", scoreAt), ("latest", scoreAt),
        ])),
        ("AdviceDecision", object(["key", "decision"], [
            ("key", string), ("decision", enumeration(["accept", "dismiss"])), ("note", string), ("boosterDate", date),
        ])),
        ("CourseBooking", object([], [("sessions", list(integer)), ("startTime", clock)])),
        ("SlotList", list(of: "Slot")),
        ("Slot", object(["sessionNumber", "plannedDate"], [
            ("sessionNumber", integer), ("plannedDate", date), ("date", date), ("startTime", clock), ("chair", string), ("appointmentId", uuid),
            ("note", string),
        ])),
        ("NewAppointment", object(["patientId", "date", "startTime", "chair"], [
            ("patientId", uuid), ("kind", values(Appointment.Kind.self)), ("courseId", uuid), ("sessionNumber", integer), ("date", date),
            ("startTime", clock), ("durationMinutes", integer), ("chair", string), ("staff", list(uuid)), ("note", string),
        ])),
        ("AppointmentChange", object([], [
            ("date", date), ("startTime", clock), ("durationMinutes", integer), ("chair", string), ("staff", list(uuid)), ("note", string),
            ("reason", values(Appointment.ChangeReason.self)),
        ])),
        ("AppointmentCancellation", object(["reason"], [("reason", values(Appointment.ChangeReason.self)), ("note", string)])),
        ("AppointmentAttendance", object(["status"], [("status", enumeration(Appointment.Status.allCases.filter(\.isAttendance).map(\.rawValue))), ("note", string)])),
        ("AppointmentList", list(of: "Appointment")),
        ("Appointment", object(["id", "patientId", "kind", "date", "startTime", "chair", "status", "siteId", "startsAt"], [
            ("id", uuid), ("patientId", uuid), ("patientName", string), ("kind", values(Appointment.Kind.self)), ("courseId", uuid),
            ("sessionNumber", integer), ("route", values(TreatmentRoute.self)), ("date", date), ("startTime", clock), ("endTime", clock),
            ("durationMinutes", integer), ("chair", string), ("siteId", uuid),
            ("startsAt", ["type": "string", "format": "date-time", "description": "The date and start time at the site, as an instant (UTC)"]), ("staff", list(object(["id", "name"], [("id", uuid), ("name", string)]))),
            ("note", string), ("status", values(Appointment.Status.self)), ("changeReason", values(Appointment.ChangeReason.self)),
            ("changeNote", string),
        ])),
    ]
}
