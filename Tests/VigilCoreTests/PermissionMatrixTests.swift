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

    @Test func auditorsReadTheAuditTrailOnly() {
        #expect(Role.auditor.permissions == [.readAuditTrail])
    }

    @Test func everyPermissionIsHeldBySomeRole() {
        for permission in Permission.allCases {
            #expect(Role.allCases.contains { $0.may(permission) }, "\(permission) is held by nobody")
        }
    }
}
