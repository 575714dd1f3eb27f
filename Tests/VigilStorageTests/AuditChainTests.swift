import Foundation
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport

@Suite("Audit chain")
struct AuditChainTests {
    func fill(_ database: Database, count: Int) async throws {
        for index in 0..<count {
            try await database.audit(AuditRecord(.anonymous(address: "10.0.0.\(index)"), .read, resourceType: "Probe", resourceID: "\(index)"))
        }
    }

    @Test func concurrentWritersStillFormOneUnbrokenChain() async throws {
        try await TestDatabase.with { database in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await database.audit(AuditRecord(.anonymous(address: nil), .read, resourceType: "Probe", resourceID: "\(index)"))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await database.verifyAuditChain(batchSize: 7) == ChainVerdict(intact: true, entries: 40))
            let sequences = try await database.auditEvents(AuditFilter(oldestFirst: true, page: Page(number: 1, size: 100))).items.map(\.sequence)
            #expect(sequences == Array(1...40))
        }
    }

    @Test func theDatabaseRefusesToChangeOrDeleteAuditRows() async throws {
        try await TestDatabase.with { database in
            try await fill(database, count: 2)
            await #expect(throws: (any Error).self) { try await TestDatabase.tamper(database, "UPDATE audit_events SET detail = 'x'") }
            await #expect(throws: (any Error).self) { try await TestDatabase.tamper(database, "DELETE FROM audit_events") }
            let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-key-\(UUID())").path
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            _ = try await database.writeCheckpoints(try #require(try CheckpointKey.load(keyFile, create: true)))
            await #expect(throws: (any Error).self) { try await TestDatabase.tamper(database, "DELETE FROM chain_checkpoints") }
            try await database.audit(AuditRecord(.commandLine, .read, resourceType: "PatientList", patientsShown: [UUID()]))
            await #expect(throws: (any Error).self) { try await TestDatabase.tamper(database, "DELETE FROM audit_event_patients") }
            #expect(try await database.verifyAuditChain().intact)
        }
    }

    @Test func aListReadIsFoundInTheAccountingOfEachPatientItShowed() async throws {
        try await TestDatabase.with { database in
            let shown = [UUID(), UUID(), UUID()]
            let other = UUID()
            try await database.audit(AuditRecord(.commandLine, .read, resourceType: "PatientList", detail: "page 1",
                                                 patientsShown: shown + [shown[0]]))
            try await database.audit(AuditRecord(.commandLine, .read, resourceType: "Patient", resourceID: other.lowercased, patientID: other))
            let events = try await database.auditEvents(AuditFilter(patientID: shown[1])).items
            #expect(events.map(\.resourceType) == ["PatientList"] && events[0].patientsShown == shown, "in order, once each")
            #expect(try await database.auditEvents(AuditFilter(patientID: other)).items.map(\.resourceType) == ["Patient"])
            #expect(try await database.verifyAuditChain().intact)
            // The list of patients shown is covered by the event's hash.
            try await dropGuards(database)
            try await TestDatabase.tamper(database, "UPDATE audit_events SET patients_shown = '\(shown[0].lowercased)' WHERE sequence = 1")
            #expect(try await database.verifyAuditChain().reason == "event 1 was altered after it was written")
        }
    }

    @Test func anAlteredEventIsNamed() async throws {
        try await TestDatabase.with { database in
            try await fill(database, count: 5)
            try await dropGuards(database)
            try await TestDatabase.tamper(database, "UPDATE audit_events SET address = '192.0.2.66' WHERE sequence = 3")
            let third = try await database.auditEvents(AuditFilter(oldestFirst: true)).items[2]
            let verdict = try await database.verifyAuditChain(batchSize: 2)
            #expect(verdict == ChainVerdict(intact: false, entries: 2, firstBrokenEntry: third.id,
                                            reason: "event 3 was altered after it was written"))
        }
    }

    @Test func aRemovedEventIsDetected() async throws {
        try await TestDatabase.with { database in
            try await fill(database, count: 4)
            try await dropGuards(database)
            try await TestDatabase.tamper(database, "DELETE FROM audit_events WHERE sequence = 2")
            let verdict = try await database.verifyAuditChain()
            #expect(!verdict.intact && verdict.reason == "events 2 to 2 are missing")
        }
    }

    /// Cutting off the newest events left a chain that verified from its first event (hostile-testing
    /// issue, defect 5); the signed checkpoint's length finds it, and a rewritten head its hash.
    @Test func aSignedCheckpointFindsTheNewestEventsCutOffOrRewritten() async throws {
        try await TestDatabase.with { database in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-key-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let key = try #require(try CheckpointKey.load(folder.appendingPathComponent("key").path, create: true))
            let other = try #require(try CheckpointKey.load(folder.appendingPathComponent("other").path, create: true))
            #expect(try CheckpointKey.load(folder.appendingPathComponent("key").path, create: false)?.publicKey == key.publicKey)
            try await fill(database, count: 4)
            let written = try await database.writeCheckpoints(key)
            #expect(written.map(\.chain) == ["audit", "ledger"] && written[0].length == 4 && written[1].length == 0)
            #expect(written.allSatisfy { CheckpointKey.isGenuine($0, publicKey: key.publicKey) && !CheckpointKey.isGenuine($0, publicKey: other.publicKey) })
            try await fill(database, count: 2)
            let anchored = try await database.verifyAuditChain(publicKey: key.publicKey)
            #expect(anchored.intact && anchored.entries == 6 && anchored.checkpoint?.length == 4)

            try await dropGuards(database)
            try await TestDatabase.tamper(database, "DELETE FROM audit_events WHERE sequence > 3", "DELETE FROM chain_checkpoints")
            #expect(try await database.verifyAuditChain().intact, "without the checkpoint the cut is invisible")
            let cut = try await database.verifyAuditChain(publicKey: key.publicKey, log: written)
            #expect(!cut.intact && cut.reason?.hasPrefix("events 4 to 4 are missing: the chain was cut after the checkpoint of") == true)
            #expect(try await database.verifyAuditChain(publicKey: other.publicKey, log: written).checkpoint == nil, "another key's word is not taken")
            var forged = written[0]
            forged.length = 3
            #expect(try await database.verifyAuditChain(publicKey: key.publicKey, log: [forged]).checkpoint == nil, "an edited checkpoint fails its signature")
        }
    }

    @Test func aRehashedForgeryBreaksTheLinkToTheNextEvent() async throws {
        try await TestDatabase.with { database in
            try await fill(database, count: 3)
            try await dropGuards(database)
            try await TestDatabase.tamper(database, "UPDATE audit_events SET hash = '\(String(repeating: "a", count: 64))' WHERE sequence = 2")
            let verdict = try await database.verifyAuditChain()
            #expect(!verdict.intact && verdict.entries == 1)
        }
    }

    @Test func filtersNarrowByEachElementAndPagesCount() async throws {
        try await TestDatabase.with { database in
            let nurse = try await TestStaff.create(.nurse, in: database)
            let patient = UUID()
            let actor = Actor(userID: nurse.id, role: .nurse, address: nil, sessionID: nil)
            for _ in 0..<3 { try await database.audit(AuditRecord(actor, .read, resourceType: "Patient", patientID: patient)) }
            try await database.audit(AuditRecord(actor, .update, .denied, resourceType: "Route"))
            #expect(try await database.auditEvents(AuditFilter(patientID: patient)).total == 3)
            #expect(try await database.auditEvents(AuditFilter(userID: nurse.id)).total == 4)
            #expect(try await database.auditEvents(AuditFilter(outcome: .denied)).items.map(\.resourceType) == ["Route"])
            let page = try await database.auditEvents(AuditFilter(page: Page(number: 2, size: 2)))
            #expect(page.total == 5 && page.items.map(\.sequence) == [3, 2] && page.pageCount == 3)
            let future = TestTime.now.addingTimeInterval(3600)
            #expect(try await database.auditEvents(AuditFilter(from: future)).total == 0)
        }
    }

    /// An attacker with direct database access removes the append-only triggers first.
    func dropGuards(_ database: Database) async throws {
        switch database.engine {
        case .sqlite:
            try await TestDatabase.tamper(database, "DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete",
                                          "DROP TRIGGER chain_checkpoints_no_delete")
        case .postgres:
            try await TestDatabase.tamper(database, "DROP TRIGGER audit_events_append_only ON audit_events",
                                          "DROP TRIGGER chain_checkpoints_append_only ON chain_checkpoints")
        }
    }
}
