import Foundation
import SQLKit
import VigilCore

/// What a screen or an API response needs from one patient's record, read together and audited as
/// one read with the patient's id (ONC 170.315(d)(2): who viewed what, when).
public struct PatientFile: Sendable {
    public enum Part: String, Sendable, CaseIterable {
        case weights, treatmentHistory, screening, eligibilityDecisions, consents, assessments, alerts, measurePlans, measureRequests, courses, appointments, safetyReviews
    }

    public var patient: Patient
    public var weights: [Weight] = []
    public var treatmentHistory = TreatmentHistory(trials: [])
    public var screening: Screening?
    public var eligibilityDecisions: [EligibilityDecision] = []
    public var consents: [Consent] = []
    /// Oldest first.
    public var assessments: [Assessment] = []
    /// Newest first.
    public var alerts: [SuicidalityAlert] = []
    public var measurePlans: [PlannedMeasure] = []
    /// Newest first.
    public var measureRequests: [MeasureRequest] = []
    /// Newest first.
    public var courses: [Course] = []
    /// Every appointment, cancelled ones included, by date.
    public var appointments: [Appointment] = []
    /// The minimum-dose table in force, read with the history.
    public var antidepressants = AntidepressantTable.standard
    public var safetyReviews: [SafetyReview] = []
    /// Sessions with a dose recorded, read with the safety reviews.
    public var dosedSessions = 0

    /// Whether the periodic safety review is due, against the clinic's interval.
    public func safetyReviewDue(rules: SessionRules) -> SafetyReview.Due {
        SafetyReview.Due(dosedSessions: dosedSessions, lastReview: safetyReviews.last, every: rules[.safetyReviewEverySessions])
    }
}

extension Database {
    /// Reads the patient with the parts asked for, and records the read in the audit trail naming them.
    /// Measurement plans are read against the clinic's calendar, which those parts need.
    public func patientFile(id: UUID, parts: Set<PatientFile.Part>, calendar: MeasureCalendar? = nil, by actor: Actor) async throws -> PatientFile {
        try await write { tx in
            var file = PatientFile(patient: try await tx.sql.patient(id: id))
            if parts.contains(.weights) { file.weights = try await tx.sql.weightHistory(patientID: id) }
            if parts.contains(.treatmentHistory) {
                file.treatmentHistory = try await tx.sql.treatmentHistory(patientID: id)
                file.antidepressants = try await tx.sql.antidepressantTable()
            }
            if parts.contains(.screening) { file.screening = try await tx.sql.screening(patientID: id) }
            if parts.contains(.eligibilityDecisions) { file.eligibilityDecisions = try await tx.sql.eligibilityDecisions(patientID: id) }
            if parts.contains(.consents) { file.consents = try await tx.sql.consents(patientID: id) }
            if parts.contains(.assessments) { file.assessments = try await tx.sql.assessments(patientID: id) }
            if parts.contains(.alerts) { file.alerts = try await tx.sql.suicidalityAlerts(patientID: id) }
            if parts.contains(.measurePlans), let calendar {
                file.measurePlans = try await tx.sql.plannedMeasures(patientID: id, calendar: calendar, now: tx.now)
            }
            if parts.contains(.measureRequests) { file.measureRequests = try await tx.sql.measureRequests(patientID: id) }
            if parts.contains(.courses) { file.courses = try await tx.sql.courses(patientID: id) }
            if parts.contains(.appointments) {
                file.appointments = try await tx.sql.appointments(where: { $0.where("patient_id", .equal, id.lowercased) })
            }
            if parts.contains(.safetyReviews) {
                file.safetyReviews = try await tx.sql.safetyReviews(patientID: id)
                file.dosedSessions = try await tx.sql.dosedSessions(patientID: id)
            }
            let named = PatientFile.Part.allCases.filter(parts.contains).map(\.rawValue)
            try await tx.audit(AuditRecord(actor, .read, resourceType: "Patient", resourceID: id.lowercased, patientID: id,
                                           detail: (["demographics"] + named).joined(separator: ", ")))
            return file
        }
    }
}
