/// The permission matrix. It is the single source of truth for authorization: the web layer asks
/// `role.may(permission)` on every route and never decides by role name.
extension Role {
    public var permissions: Set<Permission> {
        switch self {
        case .frontDesk:
            // Scheduling, demographics and consultation requests — never clinical content.
            [.viewSchedule, .manageSchedule, .viewDemographics, .editDemographics, .handleConsultationRequests]
        case .nurse:
            // Documents clinical care; does not prescribe or sign plans and eligibility.
            [.viewSchedule, .manageSchedule, .viewDemographics, .editDemographics,
             .viewClinical, .documentClinical, .viewLedger, .recordLedger]
        case .prescriber:
            // All clinical work.
            [.viewSchedule, .manageSchedule, .viewDemographics, .editDemographics, .handleConsultationRequests,
             .viewClinical, .documentClinical, .prescribe, .signDecisions, .viewLedger, .recordLedger]
        case .admin:
            // Runs the system: users and settings, and reviews the audit trail. No clinical content;
            // keeps the controlled-substance records (stock, counts, adjustments, discrepancies).
            [.manageUsers, .manageSettings, .readAuditTrail, .viewLedger, .recordLedger, .resolveDiscrepancies, .viewNetwork]
        case .auditor:
            // Reads the audit trail and the controlled-substance records, for inspectors and payers.
            [.readAuditTrail, .viewLedger]
        }
    }

    public func may(_ permission: Permission) -> Bool {
        permissions.contains(permission)
    }
}

/// The two parts of a patient record, each read and changed under its own permission, so the matrix
/// above decides who may touch which: demographics are the front desk's; the clinical fields —
/// height, weight, diagnoses, medications, allergies and REMS enrolment — are for clinicians.
public enum PatientRecordPart: String, Sendable, CaseIterable {
    case demographics, clinical

    /// The clinical fields, as `Patient.changedFields(from:)` names them.
    public static let clinicalFields: Set<String> = ["heightCm", "weight", "diagnoses", "medications", "allergies", "rems"]

    public init(field: String) { self = Self.clinicalFields.contains(field) ? .clinical : .demographics }

    public var toRead: Permission { self == .demographics ? .viewDemographics : .viewClinical }
    public var toChange: Permission { self == .demographics ? .editDemographics : .documentClinical }
}

extension Role {
    /// The fields of a patient record among `fields` this role may not change.
    public func refusedChanges(_ fields: [String]) -> [String] {
        fields.filter { !may(PatientRecordPart(field: $0).toChange) }
    }
}
