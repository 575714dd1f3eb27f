import Foundation
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport

@Suite("Users")
struct UserStoreTests {
    @Test func creatingAUserWritesItsAuditEventInTheSameTransaction() async throws {
        try await TestDatabase.with { database in
            let nurse = try await TestStaff.create(.nurse, in: database)
            #expect(try await database.user(id: nurse.id) == nurse)
            let events = try await database.auditEvents(AuditFilter()).items
            #expect(events.count == 1)
            #expect(events[0].action == .create && events[0].resourceType == "User" && events[0].resourceID == nurse.id.lowercased)
            #expect(events[0].address == "command-line")
        }
    }

    @Test func emailsAreUniqueRegardlessOfCase() async throws {
        try await TestDatabase.with { database in
            try await TestStaff.create(.nurse, in: database, email: "Sam@Clinic.Example")
            await #expect(throws: StorageError.conflict(field: "email", message: "already belongs to another account")) {
                try await TestStaff.create(.prescriber, in: database, email: "sam@clinic.EXAMPLE")
            }
            #expect(try await database.userCount() == 1)
            #expect(try await database.auditEvents(AuditFilter()).total == 1, "the refused create left no audit event")
        }
    }

    @Test func aFailedTransactionLeavesNeitherChangeNorAuditEvent() async throws {
        struct Interrupted: Error {}
        try await TestDatabase.with { database in
            await #expect(throws: Interrupted.self) {
                try await database.write { tx in
                    try await tx.audit(AuditRecord(.commandLine, .create, resourceType: "Probe"))
                    throw Interrupted()
                }
            }
            let events = try await database.auditEvents(AuditFilter())
            #expect(events.total == 0)
        }
    }

    @Test func roleChangesAreAuditedAsPrivilegeChangesAndDeactivationEndsSessions() async throws {
        try await TestDatabase.with { database in
            let admin = try await TestStaff.create(.admin, in: database)
            let nurse = try await TestStaff.create(.nurse, in: database)
            let started = try await database.startSession(for: nurse, kind: .api, policy: SessionPolicy(), actor: .anonymous(address: nil))
            let actor = Actor(userID: admin.id, role: .admin, address: "127.0.0.1", sessionID: nil)

            let promoted = try await database.updateUser(id: nurse.id, UserChange(role: .prescriber), by: actor)
            #expect(promoted.role == .prescriber)
            let change = try await database.auditEvents(AuditFilter(action: .privilegeChange)).items
            #expect(change.map(\.detail) == ["role: nurse → prescriber"])
            #expect(change.first?.userID == admin.id)

            #expect(try await database.resumeSession(token: started.token, kind: .api, policy: SessionPolicy(), address: nil) != nil)
            _ = try await database.updateUser(id: nurse.id, UserChange(active: false), by: actor)
            #expect(try await database.resumeSession(token: started.token, kind: .api, policy: SessionPolicy(), address: nil) == nil)
        }
    }

    @Test func updatingAnUnknownUserIsNotFound() async throws {
        try await TestDatabase.with { database in
            await #expect(throws: StorageError.notFound("user")) {
                try await database.updateUser(id: UUID(), UserChange(active: false), by: .commandLine)
            }
        }
    }
}
