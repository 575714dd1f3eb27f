import Testing
import VigilCore

@Suite("Permission matrix")
struct PermissionMatrixTests {
    static let clinical: Set<Permission> = [.viewClinical, .documentClinical, .prescribe, .signDecisions]

    @Test func frontDeskHandlesSchedulingDemographicsAndConsultationsButNoClinicalContent() {
        let role = Role.frontDesk
        #expect(role.may(.manageSchedule) && role.may(.editDemographics) && role.may(.handleConsultationRequests))
        #expect(role.permissions.isDisjoint(with: Self.clinical))
        #expect(!role.may(.manageUsers) && !role.may(.readAuditTrail))
    }

    @Test func nursesDocumentCareButNeitherPrescribeNorSign() {
        #expect(Role.nurse.may(.viewClinical) && Role.nurse.may(.documentClinical))
        #expect(!Role.nurse.may(.prescribe))
        #expect(!Role.nurse.may(.signDecisions))
    }

    @Test func prescribersDoAllClinicalWork() {
        #expect(Self.clinical.isSubset(of: Role.prescriber.permissions))
        #expect(!Role.prescriber.may(.manageUsers))
    }

    @Test func adminsManageUsersAndSettingsWithoutClinicalContent() {
        #expect(Role.admin.may(.manageUsers) && Role.admin.may(.manageSettings))
        #expect(Role.admin.permissions.isDisjoint(with: Self.clinical))
    }

    @Test func auditorsReadTheAuditTrailAndTheLedgerOnly() {
        #expect(Role.auditor.permissions == [.readAuditTrail, .viewLedger])
    }

    @Test func clinicalStaffAndAdminsRecordTheLedgerAndFrontDeskNeitherReadsNorWritesIt() {
        #expect([Role.nurse, .prescriber, .admin].allSatisfy { $0.may(.recordLedger) && $0.may(.viewLedger) })
        #expect(!Role.frontDesk.may(.viewLedger) && !Role.auditor.may(.recordLedger))
        #expect(Role.allCases.filter { $0.may(.resolveDiscrepancies) } == [.admin])
        #expect(LedgerEntry.Kind.adjustment.refusal(for: .nurse) == "an adjustment is made by an administrator or a prescriber")
        #expect(LedgerEntry.Kind.adjustment.refusal(for: .admin) == nil && LedgerEntry.Kind.waste.refusal(for: .nurse) == nil)
        #expect(LedgerEntry.Kind.receipt.refusal(for: .auditor) == "the auditor role does not record ledger entries")
    }

    @Test func everyPermissionIsHeldBySomeRole() {
        for permission in Permission.allCases {
            #expect(Role.allCases.contains { $0.may(permission) }, "\(permission) is held by nobody")
        }
    }
}
