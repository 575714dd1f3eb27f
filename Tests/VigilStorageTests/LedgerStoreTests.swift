import Foundation
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport

@Suite("Ledger store")
struct LedgerStoreTests {
    struct Clinic {
        let database: Database
        let nurse: User
        let prescriber: User
        let admin: User
        let lot: StockLot

        func actor(_ user: User) -> Actor { Actor(userID: user.id, role: user.role, address: nil, sessionID: nil) }

        @discardableResult
        func record(_ type: LedgerEntry.Kind, _ quantity: Double, by user: User? = nil, witness: User? = nil, note: String? = nil) async throws -> LedgerEntry {
            let recorder = user ?? nurse
            let form = LedgerEntryForm(type: type.rawValue, lotId: lot.id.uuidString, quantity: quantity,
                                       witness: witness.map { .init(email: $0.email, password: TestStaff.password) }, note: note)
            // The witness as the web layer confirms them (their password is its to check).
            let confirmed = witness.map { [WitnessConfirmation(id: $0.id, name: $0.name, active: $0.active, role: $0.role, passwordMatched: true)] } ?? []
            return try await database.recordLedgerEntry(form, witnesses: confirmed, by: recorder, actor: actor(recorder), timeZone: .gmt).entry
        }
    }

    /// A 100 mg/mL 10 mL ketamine vial product with one lot of five vials received.
    func withClinic(_ body: @Sendable (Clinic) async throws -> Void) async throws {
        try await TestDatabase.with { database in
            let nurse = try await TestStaff.create(.nurse, in: database)
            let prescriber = try await TestStaff.create(.prescriber, in: database)
            let admin = try await TestStaff.create(.admin, in: database)
            let product = try await database.createProduct(
                try ControlledProductForm(name: "Ketamine HCl", ndc: "0409-2053-01", strength: "100 mg/mL", form: "10 mL vial", unit: "mg",
                                          unitsPerContainer: 1000, mgPerMl: 100, schedule: "III").checked(), by: .commandLine)
            let lot = try StockLotForm(productId: product.id.uuidString, lotNumber: "K2291", expiresOn: "2030-01-31", supplierName: "McKesson",
                                       supplierAddress: "1 Post St, San Francisco CA", supplierDeaNumber: "RM1234563", invoiceNumber: "INV-77",
                                       storageLocation: "Safe A").checked(site: Site.firstID)
            let clinic = Clinic(database: database, nurse: nurse, prescriber: prescriber, admin: admin, lot: lot)
            _ = try await database.receiveLot(lot, quantity: 5000, by: admin, actor: clinic.actor(admin), timeZone: .gmt)
            try await body(clinic)
        }
    }

    @Test func entriesWitnessesCountsAndDiscrepanciesKeepTheBook() async throws {
        try await withClinic { clinic in
            try await clinic.record(.waste, 150, witness: clinic.prescriber)
            await #expect(throws: ValidationError.self) { try await clinic.record(.waste, 10, witness: clinic.nurse) }
            await #expect(throws: ConflictError.self) { try await clinic.record(.transfer, 6000, note: "to the sister clinic") }
            try await clinic.record(.count, 4850, witness: clinic.prescriber)
            #expect(try await clinic.database.discrepancies(openOnly: true, site: Site.firstID).isEmpty)
            let short = try await clinic.record(.count, 4800, witness: clinic.prescriber)
            let open = try await clinic.database.discrepancies(openOnly: true, site: Site.firstID)
            #expect(open.count == 1 && open[0].discrepancy.countEntryID == short.id && open[0].discrepancy.difference == -50)
            await #expect(throws: ConflictError.self) {
                try await clinic.database.resolveDiscrepancy(id: open[0].discrepancy.id, note: "found", significantLoss: false, by: clinic.nurse,
                                                             actor: clinic.actor(clinic.nurse), timeZone: .gmt)
            }
            _ = try await clinic.database.resolveDiscrepancy(id: open[0].discrepancy.id, note: "50 mg wasted at 16:10 was not entered; entered now",
                                                             significantLoss: false, by: clinic.admin, actor: clinic.actor(clinic.admin), timeZone: .gmt)
            #expect(try await clinic.database.discrepancies(openOnly: true, site: Site.firstID).isEmpty)
            let balance = try await clinic.database.ledgerBalances(site: Site.firstID)[0]
            #expect(balance.units == 4850 && balance.lots[0].millilitres == 48.5 && balance.lots[0].hasOpenedContainer)
            let lines = try await clinic.database.ledgerLines(LedgerFilter(kinds: [.waste]), timeZone: .gmt, by: clinic.actor(clinic.admin))
            #expect(lines.total == 1 && lines.items[0].entry.witnesses.map(\.name) == [clinic.prescriber.name])
            #expect(try await clinic.database.verifyLedgerChain(batchSize: 2) == ChainVerdict(intact: true, entries: 4))
        }
    }

    @Test func theDatabaseRefusesToChangeOrDeleteEntries() async throws {
        try await withClinic { clinic in
            await #expect(throws: (any Error).self) { try await TestDatabase.tamper(clinic.database, "UPDATE ledger_entries SET quantity = 1") }
            await #expect(throws: (any Error).self) { try await TestDatabase.tamper(clinic.database, "DELETE FROM ledger_entries") }
            let verdict = try await clinic.database.verifyLedgerChain()
            #expect(verdict.intact)
        }
    }

    @Test func aQuantityChangedInTheDatabaseIsNamed() async throws {
        try await withClinic { clinic in
            let waste = try await clinic.record(.waste, 150, witness: clinic.prescriber)
            try await clinic.record(.count, 4850, witness: clinic.prescriber)
            try await dropGuards(clinic.database)
            try await TestDatabase.tamper(clinic.database, "UPDATE ledger_entries SET quantity = 15 WHERE sequence = \(waste.sequence)")
            let verdict = try await clinic.database.verifyLedgerChain()
            #expect(verdict == ChainVerdict(intact: false, entries: 1, firstBrokenEntry: waste.id, reason: "entry 2 was altered after it was written"))
        }
    }

    @Test func aDeletedEntryIsNamed() async throws {
        try await withClinic { clinic in
            try await clinic.record(.waste, 150, witness: clinic.prescriber)
            let count = try await clinic.record(.count, 4850, witness: clinic.prescriber)
            try await dropGuards(clinic.database)
            try await TestDatabase.tamper(clinic.database, "DELETE FROM ledger_entries WHERE sequence = 2")
            let verdict = try await clinic.database.verifyLedgerChain()
            #expect(verdict == ChainVerdict(intact: false, entries: 1, firstBrokenEntry: count.id, reason: "entries 2 to 2 are missing"))
        }
    }

    @Test func aPhysicalInventoryIsSignedKeptUnchangedAndItsShortCountCanStartALossReport() async throws {
        try await withClinic { clinic in
            try await clinic.record(.waste, 150, witness: clinic.prescriber)
            let lot = clinic.lot.id.uuidString
            func form(_ full: Double, _ opened: Double?) -> PhysicalInventoryForm {
                PhysicalInventoryForm(kind: "initial", at: "close", counts: [.init(lotId: lot, fullContainers: full, openedUnits: opened)],
                                      note: "Safe A", password: TestStaff.password, witness: .init(email: clinic.prescriber.email, password: TestStaff.password))
            }
            let signed = WitnessConfirmation(id: clinic.nurse.id, name: clinic.nurse.name, active: true, role: .nurse, passwordMatched: true)
            let someoneElse = WitnessConfirmation(id: clinic.prescriber.id, name: clinic.prescriber.name, active: true, role: .prescriber, passwordMatched: true)
            let counter = someoneElse
            await #expect(throws: ValidationError.self, "signed by the one who took it") {
                try await clinic.database.takeInventory(form(4, 850), signer: someoneElse, counter: counter, by: clinic.nurse, actor: clinic.actor(clinic.nurse), timeZone: .gmt)
            }
            await #expect(throws: ValidationError.self, "the second counter is someone else") {
                try await clinic.database.takeInventory(form(4, 850), signer: signed, counter: signed, by: clinic.nurse, actor: clinic.actor(clinic.nurse), timeZone: .gmt)
            }
            await #expect(throws: ValidationError.self, "every lot on hand") {
                try await clinic.database.takeInventory(PhysicalInventoryForm(kind: "initial", at: "close", counts: [], password: "x",
                                                                              witness: .init(email: "p@x.example", password: "x")),
                                                        signer: signed, counter: counter, by: clinic.nurse, actor: clinic.actor(clinic.nurse), timeZone: .gmt)
            }
            // Book 4850 mg: four unopened vials and 850 mg in the opened one. The count finds 800.
            let taken = try await clinic.database.takeInventory(form(4, 800), signer: signed, counter: counter, by: clinic.nurse,
                                                                actor: clinic.actor(clinic.nurse), timeZone: .gmt)
            #expect(taken.countedWith.name == clinic.prescriber.name)
            #expect(taken.counts.count == 1 && taken.counts[0].book == 4850 && taken.counts[0].fullContainers == 4 && taken.counts[0].openedUnits == 800)
            let stored = try await clinic.database.physicalInventories(site: Site.firstID)
            #expect(stored == [taken])
            for statement in ["UPDATE physical_inventories SET kind = 'biennial'", "DELETE FROM physical_inventories",
                              "UPDATE physical_inventory_counts SET opened_units = 850", "DELETE FROM physical_inventory_counts"] {
                await #expect(throws: (any Error).self, "append-only: \(statement)") { try await TestDatabase.tamper(clinic.database, statement) }
            }
            let open = try await clinic.database.discrepancies(openOnly: true, site: Site.firstID)
            #expect(open.count == 1 && open[0].discrepancy.countEntryID == taken.counts[0].countEntryID && open[0].discrepancy.missing == 50)
            await #expect(throws: ValidationError.self, "missing stock asks the question") {
                try await clinic.database.resolveDiscrepancy(id: open[0].discrepancy.id, note: "Not found", significantLoss: nil, by: clinic.admin,
                                                             actor: clinic.actor(clinic.admin), timeZone: .gmt)
            }
            let resolved = try await clinic.database.resolveDiscrepancy(id: open[0].discrepancy.id, note: "Half a vial unaccounted for after a search",
                                                                        significantLoss: true, by: clinic.admin, actor: clinic.actor(clinic.admin), timeZone: .gmt)
            let losses = try await clinic.database.ledgerLines(LedgerFilter(kinds: [.lossOrTheft]), timeZone: .gmt, by: clinic.actor(clinic.admin))
            #expect(losses.total == 1 && losses.items[0].entry.quantity == 50 && losses.items[0].entry.occurredAt == open[0].discrepancy.openedAt)
            #expect(resolved.discrepancy.resolution?.lossEntryID == losses.items[0].entry.id)
            #expect(try await clinic.database.discrepancies(openOnly: false, site: Site.firstID).first?.discrepancy.resolution?.lossEntryID == losses.items[0].entry.id,
                    "the resolution keeps the loss entry it started")
            #expect(try await clinic.database.ledgerBalances(site: Site.firstID)[0].units == 4800, "the book now holds what the count found")
            #expect(try await clinic.database.verifyLedgerChain().intact)
        }
    }

    /// Someone with direct database access removes the append-only triggers first.
    func dropGuards(_ database: Database) async throws {
        switch database.engine {
        case .sqlite:
            try await TestDatabase.tamper(database, "DROP TRIGGER ledger_entries_no_update", "DROP TRIGGER ledger_entries_no_delete")
        case .postgres:
            try await TestDatabase.tamper(database, "DROP TRIGGER ledger_entries_append_only ON ledger_entries")
        }
    }
}
