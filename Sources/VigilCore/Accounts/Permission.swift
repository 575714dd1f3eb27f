/// Something a signed-in user may be allowed to do. Every route names the one permission it needs;
/// the matrix in `Role.permissions` decides who holds it.
public enum Permission: String, CaseIterable, Codable, Sendable {
    /// See the appointment book and the chair board.
    case viewSchedule = "view-schedule"
    /// Book, move and cancel appointments.
    case manageSchedule = "manage-schedule"
    /// Read names, contact details and other demographics.
    case viewDemographics = "view-demographics"
    /// Register patients and edit demographics.
    case editDemographics = "edit-demographics"
    /// Work the queue of website consultation requests.
    case handleConsultationRequests = "handle-consultation-requests"
    /// Read clinical content: history, scores, sessions, notes.
    case viewClinical = "view-clinical"
    /// Document clinical care: vitals, assessments, administrations, notes.
    case documentClinical = "document-clinical"
    /// Order and change doses.
    case prescribe
    /// Sign eligibility decisions and treatment plans.
    case signDecisions = "sign-decisions"
    /// Create users, change roles, deactivate accounts.
    case manageUsers = "manage-users"
    /// Change clinic settings (thresholds, tables, protocols).
    case manageSettings = "manage-settings"
    /// Read the audit trail.
    case readAuditTrail = "read-audit-trail"
    /// Read the controlled-substance ledger, balances and reports.
    case viewLedger = "view-ledger"
    /// Record controlled-substance receipts, doses, waste, counts and the rest.
    case recordLedger = "record-ledger"
    /// Close a count's discrepancy with the reason found.
    case resolveDiscrepancies = "resolve-discrepancies"
    /// See every site of the network, not only those one works at (administrators, and medical
    /// directors given network access).
    case viewNetwork = "view-network"

    /// A sentence saying what the permission allows, for screens and the OpenAPI document.
    public var summary: String {
        switch self {
        case .viewSchedule: "see the appointment book and chair board"
        case .manageSchedule: "book, move and cancel appointments"
        case .viewDemographics: "read patient demographics"
        case .editDemographics: "register patients and edit demographics"
        case .handleConsultationRequests: "work the consultation-request queue"
        case .viewClinical: "read clinical content"
        case .documentClinical: "document clinical care"
        case .prescribe: "order and change doses"
        case .signDecisions: "sign eligibility decisions and treatment plans"
        case .manageUsers: "manage users and roles"
        case .manageSettings: "change clinic settings"
        case .readAuditTrail: "read the audit trail"
        case .viewLedger: "read the controlled-substance ledger"
        case .recordLedger: "record controlled-substance entries"
        case .resolveDiscrepancies: "resolve controlled-substance count discrepancies"
        case .viewNetwork: "see every site of the network"
        }
    }
}
