import VigilCore

/// Schemas of the patients, intake, treatment-history, eligibility, consent and settings bodies.
extension OpenAPISchemas {
    static let string: JSONValue = ["type": "string"]
    static let date: JSONValue = ["type": "string", "format": "date"]
    static let number: JSONValue = ["type": "number"]
    static let boolean: JSONValue = ["type": "boolean"]
    static func list(_ item: JSONValue) -> JSONValue { ["type": "array", "items": item] }
    static func list(of name: String) -> JSONValue { object(["items"], [("items", list(ref(name)))]) }
    static func values<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> JSONValue where T.RawValue == String {
        enumeration(T.allCases.map(\.rawValue))
    }

    static let contact = object(["name", "phone"], [("name", string), ("phone", string), ("relationship", string)])
    static let diagnosis = object(["code", "text"], [("code", ["type": "string", "description": "ICD-10-CM, e.g. F33.2"]), ("text", string)])
    static let patientFields: [(String, JSONValue)] = [
        ("mrn", ["type": "string", "description": "Generated (V000001…) when not given"]),
        ("givenName", string), ("familyName", string), ("birthDate", date), ("sex", values(Patient.Sex.self)),
        ("phone", string), ("email", ["type": "string", "format": "email"]), ("address", string),
        ("heightCm", number), ("weightKg", number), ("weightMeasuredOn", date),
        ("diagnoses", list(diagnosis)), ("medications", list(string)), ("allergies", list(string)),
        ("emergencyContact", contact), ("rideHomeContact", contact),
        ("remsStatus", values(RemsEnrollment.Status.self)), ("remsEnrolledOn", date),
    ]
    static let trialFields: [(String, JSONValue)] = [
        ("drug", ["type": "string", "description": "Generic name from GET /api/v1/antidepressants"]), ("dailyDoseMg", number),
        ("startDate", date), ("endDate", date), ("adequateDoseOn", date), ("currentEpisode", boolean),
        ("adherence", values(MedicationTrial.Adherence.self)), ("outcome", values(MedicationTrial.Outcome.self)),
    ]
    static let otherTreatmentFields: [(String, JSONValue)] = [
        ("kind", values(OtherTreatment.Kind.self)), ("description", string), ("startDate", date), ("endDate", date), ("currentEpisode", boolean),
    ]
    static let screeningItems = object([], ScreeningItem.allCases.map { item in
        (item.rawValue, object(["answer"], [("answer", values(Screening.Answer.self)), ("note", string), ("question", ["type": "string", "description": .string(item.question)])]))
    })

    static let patients: [(String, JSONValue)] = [
        ("Patient", object(["id", "mrn", "givenName", "familyName", "birthDate", "age", "sex"],
                           [("id", uuid), ("age", ["type": "integer"]), ("weights", list(object(["kg", "measuredOn"], [("kg", number), ("measuredOn", date)]))),
                            ("createdAt", instant), ("updatedAt", instant)] + patientFields.filter { $0.0 != "remsEnrolledOn" } + [("remsEnrolledOn", date)])),
        ("PatientPage", page(of: "Patient")),
        ("NewPatient", object(["givenName", "familyName", "birthDate", "sex"],
                              patientFields + [("consultationRequestId", ["type": "string", "format": "uuid", "description": "Marks that request converted"])])),
        ("PatientChange", object([], patientFields)),
        ("ConsultationRequest", object(["id", "name", "receivedAt", "status"], [
            ("id", uuid), ("name", string), ("phone", string), ("email", string), ("preferredContactTime", string), ("message", string),
            ("receivedAt", instant), ("status", values(ConsultationRequest.Status.self)), ("note", string),
            ("patientId", uuid), ("handledAt", instant),
        ])),
        ("ConsultationRequestPage", page(of: "ConsultationRequest")),
        ("ConsultationRequestChange", object(["status"], [("status", enumeration(["contacted", "declined"])), ("note", string)])),
        ("NewMedicationTrial", object(["drug", "dailyDoseMg", "startDate", "currentEpisode", "adherence", "outcome"], trialFields + [
            ("doseOverride", object(["reason"], [("reason", ["type": "string", "description": "Prescribers only; for drugs outside the table"])])),
        ])),
        ("MedicationTrial", object(["id"] + trialFields.map(\.0).filter { $0 != "endDate" && $0 != "adequateDoseOn" }, [("id", uuid)] + trialFields + [
            ("doseOverride", object(["prescriber", "reason"], [("prescriber", string), ("reason", string)])),
            ("adequate", ["type": ["boolean", "null"], "description": "null when the dose cannot be judged"]), ("failed", boolean),
            ("counts", boolean), ("reasons", list(string)),
        ])),
        ("NewOtherTreatment", object(["kind", "description", "currentEpisode"], otherTreatmentFields)),
        ("OtherTreatment", object(["id", "kind", "description", "currentEpisode"], [("id", uuid)] + otherTreatmentFields)),
        ("DepressiveEpisode", object(["startDate", "severity"], [
            ("startDate", date), ("severity", values(MaudsleyStaging.Severity.self)), ("months", ["type": "integer"]),
        ])),
        ("TreatmentResistance", object(["treatmentResistant", "adequateFailedTrials", "criteria", "summary", "trials"], [
            ("treatmentResistant", boolean), ("adequateFailedTrials", ["type": "integer"]),
            ("criteria", object(["minimumTrials", "minimumWeeks"], [("minimumTrials", ["type": "integer"]), ("minimumWeeks", ["type": "integer"])])),
            ("summary", string), ("trials", list(ref("MedicationTrial"))), ("otherTreatments", list(ref("OtherTreatment"))),
            ("episode", ref("DepressiveEpisode")), ("maudsleyScore", ["type": "integer", "description": "3–15, when the data allow"]),
            ("maudsley", object(["score", "band", "reasons"], [("score", ["type": "integer"]), ("band", string), ("reasons", list(string))])),
        ])),
        ("Screening", object([], [
            ("items", screeningItems), ("unanswered", list(string)),
            ("systolic", ["type": "integer"]), ("diastolic", ["type": "integer"]), ("substanceUseHistory", string),
        ])),
        ("Eligibility", object(["status", "reasons", "routes", "decisions"], [
            ("status", values(Eligibility.Status.self)), ("reasons", list(string)), ("route", values(TreatmentRoute.self)),
            ("routes", list(object(["route", "status", "reasons"], [("route", values(TreatmentRoute.self)), ("status", values(Eligibility.Status.self)), ("reasons", list(string))]))),
            ("decisions", list(ref("EligibilityDecision"))),
        ])),
        ("EligibilitySignature", object(["route"], [("route", values(TreatmentRoute.self)), ("note", string)])),
        ("EligibilityDecision", object(["id", "route", "status", "reasons", "signedBy", "signedAt", "current"], [
            ("id", uuid), ("route", values(TreatmentRoute.self)), ("status", values(Eligibility.Status.self)), ("reasons", list(string)),
            ("treatmentResistance", string), ("note", string), ("signedBy", uuid), ("signedByName", string), ("signedAt", instant),
            ("current", boolean), ("supersededAt", instant),
        ])),
        ("ConsentTemplate", object(["id", "route", "version", "title", "body", "createdAt"], [
            ("id", uuid), ("route", values(TreatmentRoute.self)), ("version", ["type": "integer"]), ("title", string), ("body", string), ("createdAt", instant),
        ])),
        ("ConsentTemplateList", list(of: "ConsentTemplate")),
        ("NewConsentTemplate", object(["route", "title", "body"], [("route", values(TreatmentRoute.self)), ("title", string), ("body", string)])),
        ("Consent", object(["id", "route", "templateId", "templateVersion", "typedName", "signedAt", "witnessId", "current"], [
            ("id", uuid), ("route", values(TreatmentRoute.self)), ("templateId", uuid), ("templateVersion", ["type": "integer"]),
            ("typedName", string), ("signedAt", instant), ("witnessId", uuid), ("witnessName", string), ("current", boolean),
            ("withdrawnAt", instant), ("withdrawalReason", string),
        ])),
        ("ConsentList", list(of: "Consent")),
        ("NewConsent", object(["templateId", "typedName"], [("templateId", uuid), ("typedName", ["type": "string", "description": "The patient's full name as on the record"])])),
        ("ConsentWithdrawal", object(["reason"], [("reason", string)])),
        ("ClinicSettings", object([], [("trdMinimumWeeks", ["type": "integer", "minimum": 2, "maximum": 16]),
                                        ("madrsRemissionAtMost", ["type": "integer", "minimum": 9, "maximum": 12]),
                                        ("measureLinkHours", ["type": "integer", "minimum": 1, "maximum": 336]),
                                        ("inductionPerWeek", ["type": "integer", "minimum": 2, "maximum": 3]),
                                        ("boosterPhq9AtLeast", ["type": "integer", "minimum": 5, "maximum": 27]),
                                        ("ledgerRetentionYears", ["type": "integer", "minimum": 2, "maximum": 30, "default": 2]),
                                        ("sessionRules", object([], SessionRule.allCases.map { rule in
                                            (rule.rawValue, ["type": "integer", "minimum": .int(rule.allowed.lowerBound),
                                                             "maximum": .int(rule.allowed.upperBound),
                                                             "default": .int(rule.defaultValue), "description": .string(rule.title)])
                                        }))])),
        ("AntidepressantEdit", object(["drugClass", "minimumDailyDoseMg"], [
            ("drugClass", values(Antidepressant.DrugClass.self)), ("minimumDailyDoseMg", number), ("note", string),
        ])),
        ("AntidepressantList", list(of: "Antidepressant")),
        ("Antidepressant", object(["genericName", "drugClass", "minimumDailyDoseMg", "source"], [
            ("genericName", string), ("drugClass", values(Antidepressant.DrugClass.self)), ("minimumDailyDoseMg", number),
            ("note", string), ("source", string),
        ])),
    ]
}
