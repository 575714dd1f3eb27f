import VigilCore

/// Schemas of the dosing-session bodies.
extension OpenAPISchemas {
    static let readiness = object(["status", "reasons", "permitsDosing"], [
        ("status", values(Readiness.Status.self)), ("reasons", list(string)), ("permitsDosing", boolean),
        ("acknowledgement", object(["byName", "at", "note"], [("byName", string), ("at", instant), ("note", string)])),
    ])
    static let discharge = object(["ready", "reasons"], [("ready", boolean), ("earliestAt", instant), ("reasons", list(string))])
    static let checklist = object([], [
        ("noFoodForTwoHours", boolean), ("noLiquidsForThirtyMinutes", boolean), ("noNasalSprayWithinHour", boolean), ("rideConfirmed", boolean),
        ("noDrivingAcknowledged", boolean), ("pregnancy", values(PregnancyStatus.self)), ("newMedications", list(values(ConcomitantMedication.self))),
        ("note", string),
    ])

    static let safetyReview = object(["id", "dosedSessions", "concerns", "reviewedAt", "reviewedByName"], [
        ("id", uuid), ("dosedSessions", integer), ("concerns", list(values(SafetyReview.Question.self))), ("note", string), ("reviewedAt", instant),
        ("reviewedByName", string),
    ])

    static let sessions: [(String, JSONValue)] = [
        ("NewSession", object([], [("appointmentId", uuid), ("patientId", uuid), ("courseId", uuid), ("sessionNumber", integer)])),
        ("SessionList", list(of: "Session")),
        ("Session", object(["id", "patientId", "courseId", "sessionNumber", "route", "date", "status", "readiness", "discharge"], [
            ("id", uuid), ("patientId", uuid), ("patientName", string), ("courseId", uuid), ("sessionNumber", integer),
            ("route", values(TreatmentRoute.self)), ("appointmentId", uuid), ("date", date), ("chair", string), ("status", values(SessionStatus.self)),
            ("transitions", list(object(["from", "to", "at", "byName"], [
                ("from", values(SessionStatus.self)), ("to", values(SessionStatus.self)), ("at", instant), ("byName", string), ("note", string),
            ]))),
            ("checklist", checklist), ("readiness", readiness),
            ("administration", object(["drug", "route", "doseMg", "lot", "startedAt"], [
                ("drug", values(TreatmentProtocol.Drug.self)), ("route", values(TreatmentRoute.self)), ("doseMg", number), ("mgPerKg", number),
                ("lot", string), ("startedAt", instant), ("endedAt", instant), ("deviceTimes", list(instant)), ("pumpRateMlPerHour", number),
                ("volumeMl", number), ("administeredBy", string), ("supervisedBy", string), ("note", string),
            ])),
            ("vitals", list(object(["takenAt", "systolic", "diastolic", "heartRate", "spo2"], [
                ("id", uuid), ("takenAt", instant), ("systolic", integer), ("diastolic", integer), ("heartRate", integer), ("spo2", integer),
                ("respiratoryRate", integer), ("sedation", integer), ("recordedByName", string), ("alerts", list(string)),
            ]))),
            ("sideEffects", list(object(["id", "kind", "severity", "at"], [
                ("id", uuid), ("kind", values(SideEffect.Kind.self)), ("severity", values(SideEffect.Severity.self)), ("at", instant), ("intervention", string),
                ("recordedByName", string), ("resolvedAt", instant), ("resolvedByName", string),
            ]))),
            ("alerts", list(string)), ("nextVitalsDue", instant), ("discharge", discharge),
            ("signOff", object(["byName", "at"], [("byName", string), ("at", instant), ("note", string)])),
            ("remsDueBy", date), ("remsSubmittedOn", date),
        ])),
        ("SafetyReview", safetyReview),
        ("SafetyReviews", object(["due", "reason", "dosedSessions", "sinceLastReview", "everySessions", "items"], [
            ("due", boolean), ("reason", string), ("dosedSessions", integer), ("sinceLastReview", integer), ("everySessions", integer),
            ("items", list(safetyReview)),
        ])),
        ("NewSafetyReview", object(["answers"], [
            ("answers", object(SafetyReview.Question.allCases.map(\.rawValue), SafetyReview.Question.allCases.map { ($0.rawValue, boolean) })),
            ("note", string),
        ])),
        ("SessionMove", object(["to"], [("to", values(SessionStatus.self)), ("note", string)])),
        ("ReadinessChecklist", checklist),
        ("Readiness", readiness),
        ("Note", object([], [("note", string)])),
        ("Administration", object(["lot", "supervisedBy"], [
            ("doseMg", number), ("lot", string), ("startedAt", instant), ("endedAt", instant), ("deviceTimes", list(instant)),
            ("pumpRateMlPerHour", number), ("volumeMl", number), ("administeredBy", uuid), ("supervisedBy", uuid), ("note", string),
        ])),
        ("Vitals", object(["systolic", "diastolic", "heartRate", "spo2"], [
            ("takenAt", instant), ("systolic", integer), ("diastolic", integer), ("heartRate", integer), ("spo2", integer),
            ("respiratoryRate", integer), ("sedation", ["type": "integer", "minimum": 0, "maximum": 5, "description": "MOAA/S"]),
        ])),
        ("Resolution", object([], [("at", instant)])),
        ("SideEffect", object(["kind", "severity"], [
            ("kind", values(SideEffect.Kind.self)), ("severity", values(SideEffect.Severity.self)), ("at", instant), ("intervention", string),
        ])),
        ("DischargeReadiness", discharge),
        ("RemsForm", object(["sessionId", "version", "fields", "dueBy"], [
            ("sessionId", uuid), ("version", string), ("title", string),
            ("fields", list(object(["key", "label", "value"], [("key", string), ("label", string), ("value", string)]))),
            ("dueBy", date), ("submittedOn", date), ("reference", string),
        ])),
        ("RemsSubmission", object([], [("submittedOn", date), ("reference", string)])),
        ("RemsQueue", object(["items"], [("items", list(object(["sessionId", "patientName", "date", "dueBy", "state"], [
            ("sessionId", uuid), ("patientName", string), ("date", date), ("dueBy", date), ("state", enumeration(["due", "overdue", "submitted"])),
            ("submittedOn", date),
        ])))])),
    ]
}
