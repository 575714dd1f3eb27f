import Foundation

/// What the code asks to be audited; storage stamps the sequence, time and hashes.
public struct AuditRecord: Sendable, Equatable {
    public var actor: Actor
    public var action: AuditAction
    public var outcome: AuditOutcome
    public var patientID: UUID?
    public var resourceType: String
    public var resourceID: String?
    public var detail: String?
    /// Every patient whose record a list read put on the screen, so that a patient's accounting of
    /// who saw their record includes the lists they appeared on (HIPAA 45 CFR 164.528; ONC
    /// 170.315(d)(2) records the patient of each access).
    public var patientsShown: [UUID]

    public init(
        _ actor: Actor, _ action: AuditAction, _ outcome: AuditOutcome = .success,
        resourceType: String, resourceID: String? = nil, patientID: UUID? = nil, detail: String? = nil,
        patientsShown: [UUID] = []
    ) {
        self.actor = actor
        self.action = action
        self.outcome = outcome
        self.patientID = patientID
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.detail = detail
        self.patientsShown = patientsShown
    }
}
