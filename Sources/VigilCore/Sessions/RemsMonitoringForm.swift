import Foundation

/// The esketamine REMS Patient Monitoring Form, filled from the session rather than retyped. The
/// field list is data, one list per form version (clinical reference §2.1: versions changed
/// 2023–2025; newer ones also ask about opioids).
public struct RemsMonitoringForm: Sendable {
    public struct Field: Sendable, Equatable {
        public let key: String
        public let label: String
        public let value: String
    }

    /// A form version: its name and the keys it asks, in the form's order.
    public struct Version: Sendable {
        public let id: String
        public let title: String
        public let keys: [String]
    }

    static let baseKeys = [
        "patientFirstName", "patientMiddleInitial", "patientLastName", "patientDateOfBirth", "patientSex",
        "firstTreatment", "patientEnrolled",
        "benzodiazepines", "nonBenzodiazepineSedatives", "psychostimulants", "maois",
        "monitoringClinician", "monitoringClinicianPhone", "monitoringClinicianEmail", "settingName", "settingAddress", "settingCertification",
        "treatmentDate", "dose", "lotNumber", "monitoringMinutes", "readyToLeaveMinutes",
        "vitalsAcceptableBeforeDosing", "vitalsAcceptableBeforeLeaving", "bpBeforeDosing", "bpAt40Minutes", "bpBeforeLeaving",
        "sedation", "dissociation", "dissociationResolved", "respiratoryDepression",
    ]

    /// The 2021 form's fields, and the newer form that adds opioids to the medication questions.
    public static let versions: [Version] = [
        Version(id: "2021", title: "Patient Monitoring Form (2021 field list)", keys: baseKeys),
        Version(id: "2021-opioids", title: "Patient Monitoring Form (2021 fields with opioids, as newer versions ask)",
                keys: baseKeys.flatMap { $0 == "maois" ? [$0, "opioids"] : [$0] }),
    ]

    public static var current: Version { versions.last! }

    static let labels: [String: String] = [
        "patientFirstName": "Patient first name", "patientMiddleInitial": "Middle initial", "patientLastName": "Patient last name",
        "patientDateOfBirth": "Date of birth", "patientSex": "Sex",
        "firstTreatment": "Is this the patient's first treatment?", "patientEnrolled": "Is the patient enrolled in the REMS?",
        "benzodiazepines": "Concomitant benzodiazepines", "nonBenzodiazepineSedatives": "Concomitant non-benzodiazepine sedative hypnotics",
        "psychostimulants": "Concomitant psychostimulants", "maois": "Concomitant MAOIs", "opioids": "Concomitant opioids",
        "monitoringClinician": "Monitoring healthcare provider", "monitoringClinicianPhone": "Provider phone",
        "monitoringClinicianEmail": "Provider email", "settingName": "Healthcare setting", "settingAddress": "Setting address",
        "settingCertification": "Setting's REMS certification",
        "treatmentDate": "Treatment date", "dose": "Dose", "lotNumber": "Lot number",
        "monitoringMinutes": "Total minutes from first device to end of monitoring (at least 120)",
        "readyToLeaveMinutes": "After how many minutes would the patient have been ready to leave without the 2-hour rule?",
        "vitalsAcceptableBeforeDosing": "Vital signs acceptable before dosing?", "vitalsAcceptableBeforeLeaving": "Vital signs acceptable before leaving?",
        "bpBeforeDosing": "Blood pressure before dosing", "bpAt40Minutes": "Blood pressure at about 40 minutes",
        "bpBeforeLeaving": "Blood pressure before leaving",
        "sedation": "Did sedation occur?", "dissociation": "Did dissociation occur?",
        "dissociationResolved": "If dissociation occurred, when did it resolve (minutes after the first device)?", "respiratoryDepression": "Did respiratory depression occur?",
    ]

    /// What the session does not hold: who the patient is, whether this is their first treatment,
    /// the clinician's email, the site (the certified healthcare setting, with its phone), and a
    /// CADSS-6 total taken in the session.
    public struct Context: Sendable {
        public var patient: Patient
        public var firstTreatment: Bool
        public var clinicianEmail: String?
        public var site: Site
        public var cadssTotal: Int?
        /// The eligibility screening, whose medicine answers are "currently taking" questions.
        public var screening: Screening?

        public init(patient: Patient, firstTreatment: Bool, clinicianEmail: String?, site: Site, cadssTotal: Int?, screening: Screening? = nil) {
            self.patient = patient
            self.firstTreatment = firstTreatment
            self.clinicianEmail = clinicianEmail
            self.site = site
            self.cadssTotal = cadssTotal
            self.screening = screening
        }
    }

    public let version: Version
    public let sessionID: UUID
    public let fields: [Field]
    /// REMS: submitted within 7 days of the session.
    public let dueBy: CalendarDate
    public let submission: RemsSubmission?

    /// The PMF is due within 7 days of each outpatient session (clinical reference §2.1).
    public static let daysToSubmit = 7

    public func value(_ key: String) -> String? { fields.first { $0.key == key }?.value }

    public init(session: DosingSession, context: Context, rules: SessionRules, version: Version = RemsMonitoringForm.current) {
        let yes = { (flag: Bool) in flag ? "Yes" : "No" }
        let patient = context.patient
        // The form asks whether the patient is currently taking each class, not what is new.
        let medications = ConcomitantMedication.currentlyTaken(medications: patient.medications, screening: context.screening,
                                                               newSinceLastVisit: session.checklist.newMedications ?? [])
        let administration = session.administration
        let started = session.doseStartedAt
        let ended = session.transitions.last { $0.to == .discharged || $0.to == .stoppedEarly }?.at
        let preDose = session.preDoseVitals.last
        let post = session.postDoseVitals
        let at40 = started.flatMap { start in
            let target = start.addingTimeInterval(Double(rules[.esketamineFirstVitalsMinutes] * 60))
            return post.min { abs($0.takenAt.timeIntervalSince(target)) < abs($1.takenAt.timeIntervalSince(target)) }
        }
        let last = post.last
        let sedated = post.contains { ($0.sedation ?? 5) < 5 } || session.sideEffects.contains { $0.kind == .sedation }
        let dissociated = session.sideEffects.contains { $0.kind == .dissociation } || (context.cadssTotal ?? 0) > 0
        // Resolved when every dissociation recorded was documented resolved: the last resolution's minute.
        let dissociations = session.sideEffects.filter { $0.kind == .dissociation }
        let resolution: String = if dissociations.isEmpty { "" }
            else if dissociations.contains(where: \.isOpen) { "Not documented resolved" }
            else { started.map { start in String(Int(dissociations.compactMap(\.resolvedAt).max()!.timeIntervalSince(start) / 60)) } ?? "" }
        let respiratory = session.sideEffects.contains { $0.kind == .respiratoryDepression } || post.contains { $0.spo2 < rules[.alertSpo2Below] }
        let acceptableBefore = preDose.map { BloodPressureBand.of(systolic: $0.systolic, diastolic: $0.diastolic, rules: rules) != .hold } ?? false
        let acceptableAfter = last.map {
            SessionAlert.raised(by: $0, rules: rules).isEmpty && $0.systolic < rules[.dischargeSystolicBelow] && $0.diastolic < rules[.dischargeDiastolicBelow]
        } ?? false
        let dose: String = administration.map { [56, 84].contains($0.doseMg) ? "\(Dose.formatted($0.doseMg)) mg" : "Other: \(Dose.formatted($0.doseMg)) mg" } ?? ""
        let values: [String: String] = [
            "patientFirstName": patient.givenName, "patientMiddleInitial": "", "patientLastName": patient.familyName,
            "patientDateOfBirth": patient.birthDate.description, "patientSex": patient.sex.rawValue.capitalized,
            "firstTreatment": yes(context.firstTreatment), "patientEnrolled": yes(patient.rems.status == .enrolled),
            "benzodiazepines": yes(medications.contains(.benzodiazepines)), "nonBenzodiazepineSedatives": yes(medications.contains(.nonBenzodiazepineSedatives)),
            "psychostimulants": yes(medications.contains(.psychostimulants)), "maois": yes(medications.contains(.maois)),
            "opioids": yes(medications.contains(.opioids)),
            "monitoringClinician": administration?.supervisedBy.name ?? "", "monitoringClinicianPhone": context.site.phone,
            "monitoringClinicianEmail": context.clinicianEmail ?? "", "settingName": context.site.name, "settingAddress": context.site.address,
            "settingCertification": context.site.remsSettingID.isEmpty ? ""
                : context.site.remsSettingID + (context.site.remsCertifiedOn.map { ", certified \($0)" } ?? ""),
            "treatmentDate": session.date.description, "dose": dose, "lotNumber": administration?.lot ?? "",
            "monitoringMinutes": started.flatMap { start in ended.map { String(Int($0.timeIntervalSince(start) / 60)) } } ?? "",
            "readyToLeaveMinutes": session.readyToLeaveMinute(rules: rules).map(String.init) ?? "",
            "vitalsAcceptableBeforeDosing": yes(acceptableBefore), "vitalsAcceptableBeforeLeaving": yes(acceptableAfter),
            "bpBeforeDosing": preDose?.bloodPressure ?? "", "bpAt40Minutes": at40?.bloodPressure ?? "", "bpBeforeLeaving": last?.bloodPressure ?? "",
            "sedation": yes(sedated), "dissociation": yes(dissociated), "dissociationResolved": resolution,
            "respiratoryDepression": yes(respiratory),
        ]
        self.version = version
        self.sessionID = session.id
        self.fields = version.keys.map { Field(key: $0, label: Self.labels[$0] ?? $0, value: values[$0] ?? "") }
        self.dueBy = session.remsDueBy ?? session.date.adding(days: Self.daysToSubmit)
        self.submission = session.remsSubmission
    }
}
