import VigilCore

/// Schemas of the rating-scale, alert, link and plan bodies.
extension OpenAPISchemas {
    static let integer: JSONValue = ["type": "integer"]
    static let scores: JSONValue = ["type": "object", "additionalProperties": ["type": "integer"]]
    static let answer: JSONValue = ["type": ["integer", "boolean", "null"],
                                    "description": "One per item, in order: a whole number in the item's range; true/false for yes/no items; null only for an item the instrument's rules skip"]
    static let scoreAt = object(["total", "takenAt"], [("total", integer), ("takenAt", instant)])

    static let measures: [(String, JSONValue)] = [
        ("InstrumentList", list(of: "Instrument")),
        ("Instrument", object(["id", "version", "name", "items", "source"], [
            ("id", values(InstrumentID.self)), ("version", string), ("name", string), ("title", string), ("prompt", string),
            ("rater", values(Instrument.Rater.self)),
            ("items", list(object(["code", "label", "answers"], [
                ("code", string), ("label", string), ("text", ["type": "string", "description": "Only where the instrument may be reproduced"]),
                ("loinc", string), ("answers", list(object(["value", "label"], [("value", integer), ("label", string), ("loinc", string)]))),
            ]))),
            ("minimumTotal", integer), ("maximumTotal", integer),
            ("bands", list(object(["name", "from", "to"], [("name", string), ("from", integer), ("to", integer)]))),
            ("remissionAtMost", integer), ("loincPanel", string), ("loincTotal", string), ("canBeSentToPatients", boolean), ("source", string),
        ])),
        ("NewAssessment", object(["instrument", "answers", "takenAt", "source"], [
            ("instrument", values(InstrumentID.self)), ("answers", list(answer)), ("takenAt", instant),
            ("source", values(AssessmentSource.self)), ("timing", values(AssessmentTiming.self)), ("sessionId", uuid),
        ])),
        ("Assessment", object(["id", "instrument", "total", "severity", "flags", "takenAt"], [
            ("id", uuid), ("instrument", values(InstrumentID.self)), ("version", string), ("answers", list(nullable("integer"))),
            ("total", nullable("integer")), ("severity", nullable("string")), ("flags", list(values(MeasureFlag.self))),
            ("domains", ["type": "object", "description": "Symptom groups (emotional, physical, cognitive): Vigil's presentation",
                         "additionalProperties": ["type": "integer"]]),
            ("scoringDomains", scores), ("risk", values(SuicideRisk.self)), ("reasons", list(string)), ("takenAt", instant),
            ("source", values(AssessmentSource.self)), ("timing", values(AssessmentTiming.self)), ("sessionId", uuid),
            ("enteredByName", string), ("alertId", uuid),
        ])),
        ("AssessmentList", list(of: "Assessment")),
        ("Outcome", object(["baseline", "latest", "change", "status", "reasons"], [
            ("instrument", values(InstrumentID.self)), ("baseline", scoreAt), ("latest", scoreAt), ("change", integer),
            ("percentChange", nullable("number")), ("status", values(Outcome.Status.self)), ("firstResponseAt", instant),
            ("firstRemissionAt", instant),
            ("rapidResponse", object(["preDose", "after", "met"], [("preDose", scoreAt), ("after", scoreAt), ("percentChange", nullable("number")), ("met", boolean)])),
            ("remissionAtMost", integer), ("reasons", list(string)),
        ])),
        ("Alert", object(["id", "patientId", "assessmentId", "level", "reasons", "status", "raisedAt"], [
            ("id", uuid), ("patientId", uuid), ("patientName", string), ("assessmentId", uuid), ("instrument", values(InstrumentID.self)),
            ("level", values(SuicidalityAlert.Level.self)),
            ("reasons", list(string)), ("status", values(SuicidalityAlert.Status.self)), ("raisedAt", instant),
            ("acknowledgedByName", string), ("acknowledgedAt", instant), ("actionTaken", string),
        ])),
        ("AlertPage", page(of: "Alert")),
        ("AlertAcknowledgement", object(["actionTaken"], [("actionTaken", ["type": "string", "minLength": 5, "maxLength": 2000])])),
        ("NewMeasureRequest", object(["instrument", "reason"], [
            ("instrument", enumeration(InstrumentID.allCases.filter { Instrument.named($0).canBeSentToPatients }.map(\.rawValue))),
            ("reason", ["type": "string", "description": "Shown to the patient", "maxLength": 300]), ("timing", values(AssessmentTiming.self)),
        ])),
        ("MeasureRequest", object(["id", "instrument", "status", "expiresAt", "delivery"], [
            ("id", uuid), ("patientId", uuid), ("instrument", values(InstrumentID.self)), ("reason", string), ("timing", values(AssessmentTiming.self)),
            ("status", values(MeasureRequest.Status.self)), ("requestedByName", string), ("createdAt", instant), ("expiresAt", instant),
            ("completedAt", instant), ("assessmentId", uuid), ("planId", uuid), ("delivery", values(MeasureRequest.Delivery.self)),
            ("deliveryNote", string),
            ("link", ["type": "string", "format": "uri", "description": "Only when staff are to pass the link on; never shown again"]),
        ])),
        ("MeasureRequestList", list(of: "MeasureRequest")),
        ("NewMeasurementPlan", object(["instrument", "everyDays", "reason"], [
            ("instrument", enumeration(InstrumentID.allCases.filter { Instrument.named($0).canBeSentToPatients }.map(\.rawValue))),
            ("everyDays", ["type": "integer", "minimum": 1, "maximum": 90]), ("startDate", date), ("reason", string),
        ])),
        ("MeasurementPlan", object(["id", "patientId", "instrument", "everyDays", "status", "nextDue"], [
            ("id", uuid), ("patientId", uuid), ("patientName", string), ("instrument", values(InstrumentID.self)),
            ("everyDays", integer), ("startDate", date), ("reason", string), ("createdByName", string),
            ("status", values(MeasurementPlan.Status.self)), ("nextDue", date), ("latestRequest", ref("MeasureRequest")),
        ])),
        ("MeasurementPlanList", list(of: "MeasurementPlan")),
    ]
}
