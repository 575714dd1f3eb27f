import Foundation
import Testing
@testable import VigilCore
import VigilTestSupport

@Suite("Controlled-substance ledger")
struct LedgerTests {
    static let vial = ControlledProduct(id: UUID(), name: "Ketamine HCl", ndc: "42023-113-10", strength: "100 mg/mL", form: "10 mL vial",
                                        unit: .mg, unitsPerContainer: 1000, mgPerMl: 100, schedule: "III")
    static let lot = StockLot(id: UUID(), productID: vial.id, lotNumber: "KX2291", expiresOn: CalendarDate("2027-03-31")!, supplierName: "Cardinal Health",
                              supplierAddress: "7000 Cardinal Pl, Dublin OH", supplierDEANumber: "RC1234563", invoiceNumber: "INV-5512",
                              storageLocation: "Safe A")
    static let nurse = User(id: UUID(), email: "n@clinic.example", name: "Nia Okafor", role: .nurse, active: true, createdAt: TestTime.now)
    static let today = CalendarDate("2026-11-23")!
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    var entries: [LedgerEntry] = []

    mutating func post(_ kind: LedgerEntry.Kind, _ quantity: Double, corrects: UUID? = nil) -> LedgerEntry {
        let entry = LedgerEntry(id: UUID(), sequence: Int64(entries.count + 1), kind: kind, lotID: Self.lot.id, quantity: quantity, sessionID: nil,
                                patientID: nil, userID: Self.nurse.id, userName: Self.nurse.name, witnesses: [], note: nil, corrects: corrects,
                                occurredAt: Self.now, recordedAt: Self.now, previousHash: LedgerEntry.genesisHash)
        entries.append(entry)
        return entry
    }

    func check(_ form: LedgerEntryForm, by user: User = nurse, witnesses: [WitnessConfirmation] = [], session: SessionDose? = nil,
               today: CalendarDate = today) throws -> [LedgerEntry.Witness] {
        try LedgerRules.check(try form.parsed(now: Self.now), lot: Self.lot, product: Self.vial, book: LedgerBook(entries: entries), recorder: user,
                              witnesses: witnesses, session: session, today: today)
    }

    func witness(_ name: String = "Dr Ama Mensah", role: Role = .prescriber, active: Bool = true, password: Bool = true, id: UUID = UUID()) -> WitnessConfirmation {
        WitnessConfirmation(id: id, name: name, active: active, role: role, passwordMatched: password)
    }

    func errors(_ body: () throws -> Any) -> [String] {
        do {
            _ = try body()
            return []
        } catch let invalid as ValidationError {
            return invalid.errors.map { "\($0.field) \($0.message)" }
        } catch let conflict as ConflictError {
            return conflict.errors.map { "409 \($0.field) \($0.message)" }
        } catch {
            return ["\(error)"]
        }
    }

    @Test mutating func balancesOverMixedEntriesAndANegativeBalanceRefused() throws {
        _ = post(.receipt, 2000)
        _ = post(.administration, 35)
        _ = post(.waste, 65)
        _ = post(.adjustment, -100)
        _ = post(.count, 1800)
        _ = post(.transfer, 500)
        #expect(LedgerBook(entries: entries).balance == 1300)
        #expect(Self.vial.shown(1300) == "1300 mg (13 mL)")
        let over = errors { try check(LedgerEntryForm(type: "administration", lotId: Self.lot.id.uuidString, quantity: 1300.5, patientId: UUID().uuidString)) }
        #expect(over == ["409 quantity lot KX2291 holds 1300 mg (13 mL); this would leave -0.5 mg (-0.01 mL)"])
        #expect(errors { try check(LedgerEntryForm(type: "administration", lotId: Self.lot.id.uuidString, quantity: 1300, patientId: UUID().uuidString)) }.isEmpty)
        #expect(errors { try check(LedgerEntryForm(type: "receipt", lotId: Self.lot.id.uuidString, quantity: 0)) } == ["quantity must be above 0"])
    }

    @Test mutating func wasteNeedsAnotherActiveClinicianWhosePasswordMatches() throws {
        _ = post(.receipt, 1000)
        let waste = LedgerEntryForm(type: "waste", lotId: Self.lot.id.uuidString, quantity: 65)
        #expect(errors { try check(waste) } == ["witness is required: a second clinician confirms with their password"])
        #expect(errors { try check(waste, witnesses: [witness(id: Self.nurse.id)]) } == ["witness must be someone other than the person recording"])
        // One answer whatever the reason, so a refusal tells a guesser nothing.
        let refused = ["witness " + LedgerEntryForm.witnessRefused]
        #expect(errors { try check(waste, witnesses: [witness(active: false)]) } == refused)
        #expect(errors { try check(waste, witnesses: [witness(password: false)]) } == refused)
        #expect(errors { try check(waste, witnesses: [witness(role: .frontDesk)]) } == refused)
        #expect(errors { try check(waste, witnesses: [witness(role: .auditor)]) } == refused)
        let crowd = LedgerEntryForm(type: "waste", lotId: Self.lot.id.uuidString, quantity: 65, witnesses: Array(repeating: .init(email: "a@b.example", password: "x"), count: 6))
        #expect(errors { try check(crowd) } == ["witnesses a waste entry takes at most 1"])
        #expect(try check(waste, witnesses: [witness()]).map(\.name) == ["Dr Ama Mensah"])
        let destroy = LedgerEntryForm(type: "destruction", lotId: Self.lot.id.uuidString, quantity: 1000, note: "Expired; Form 41, destroyed on site")
        #expect(errors { try check(destroy, witnesses: [witness()]) } == ["witness 2 witnesses are required, each confirming with their password"])
        let same = UUID()
        #expect(errors { try check(destroy, witnesses: [witness(id: same), witness(id: same)]) } == ["witnesses must be different people"])
        #expect(try check(destroy, witnesses: [witness(), witness("Nia Two", role: .nurse)]).count == 2)
    }

    @Test mutating func anExpiredLotIsNotAdministeredAndASessionDoseMustMatchOrCarryANote() throws {
        _ = post(.receipt, 1000)
        let patient = UUID()
        let dose = LedgerEntryForm(type: "administration", lotId: Self.lot.id.uuidString, quantity: 35, sessionId: UUID().uuidString, patientId: patient.uuidString)
        #expect(errors { try check(dose, today: CalendarDate("2027-04-01")!) } == ["409 lotId lot KX2291 expired on 2027-03-31; it cannot be administered"])
        #expect(errors { try check(dose, today: CalendarDate("2027-03-31")!) }.isEmpty, "usable on its expiry date")
        let session = SessionDose(sessionID: UUID(), patientID: patient, doseMg: 32, devices: 0, route: .ivKetamine)
        #expect(errors { try check(dose, session: session) } == ["note is required: the session recorded 32 mg (0.32 mL), not 35 mg (0.35 mL)"])
        var noted = dose
        noted.note = "Drew up 35 mg; 3 mg wasted separately"
        #expect(errors { try check(noted, session: session) }.isEmpty)
        let esketamine = SessionDose(sessionID: UUID(), patientID: patient, doseMg: 56, devices: 2, route: .esketamineNasal)
        #expect(errors { try check(noted, session: esketamine) }
                == ["lotId is a lot of Ketamine HCl, which esketamine nasal spray sessions do not draw from"])
        #expect(errors { try check(LedgerEntryForm(type: "administration", lotId: Self.lot.id.uuidString, quantity: 35)) }
                == ["patientId is required: the record names the patient (21 CFR 1304.22(c))"])
    }

    @Test mutating func aCorrectionReplacesTheEntryItNames() throws {
        _ = post(.receipt, 1000)
        let wrong = post(.administration, 350)
        let form = LedgerEntryForm(type: "administration", lotId: Self.lot.id.uuidString, quantity: 35, patientId: UUID().uuidString,
                                   note: "Typed 350 for 35", corrects: wrong.id.uuidString)
        #expect(errors { try check(form) }.isEmpty)
        _ = post(.administration, 35, corrects: wrong.id)
        #expect(LedgerBook(entries: entries).balance == 965)
        #expect(errors { try check(form) } == ["corrects was already corrected; correct the latest correction"])
        var other = form
        other.type = "waste"
        #expect(errors { try check(other) }.contains("corrects names a administration entry; a correction has the same type"))
        var unexplained = form
        unexplained.note = nil
        unexplained.corrects = entries.last!.id.uuidString
        #expect(errors { try check(unexplained) } == ["note is required for a correction: what was wrong"])
    }

    @Test func aDiscrepancyStaysOpenUntilAnAdministratorResolvesIt() throws {
        let count = LedgerEntry(id: UUID(), sequence: 3, kind: .count, lotID: Self.lot.id, quantity: 900, sessionID: nil, patientID: nil,
                                userID: Self.nurse.id, userName: Self.nurse.name, witnesses: [], note: nil, corrects: nil, occurredAt: Self.now,
                                recordedAt: Self.now, previousHash: LedgerEntry.genesisHash)
        #expect(Discrepancy.opened(by: count, book: 900) == nil)
        var open = try #require(Discrepancy.opened(by: count, book: 965))
        #expect(open.difference == -65 && open.resolution == nil)
        #expect(throws: ConflictError.self) { try open.resolve(note: "Found", by: Self.nurse, at: Self.now) }
        let admin = User(id: UUID(), email: "a@clinic.example", name: "Ada Admin", role: .admin, active: true, createdAt: TestTime.now)
        #expect(throws: ValidationError.self) { try open.resolve(note: "  ", by: admin, at: Self.now) }
        try open.resolve(note: "Waste of session 14 not entered; entered now with its witness", by: admin, at: Self.now)
        #expect(open.resolution?.byName == "Ada Admin")
        #expect(throws: ConflictError.self, "resolved once") { try open.resolve(note: "again", by: admin, at: Self.now) }
    }

    @Test func aLossGivesTheNoticeAndForm106Deadlines() {
        let utc = TimeZone(identifier: "UTC")!
        // Friday 2026-11-20 → notice by Monday 2026-11-23; Form 106 by 2027-01-04.
        let friday = LossDeadlines(discoveredAt: Instant.parse("2026-11-20T16:00:00Z")!, timeZone: utc)
        #expect(friday.noticeBy == CalendarDate("2026-11-23")! && friday.form106By == CalendarDate("2027-01-04")!)
        let tuesday = LossDeadlines(discoveredAt: Instant.parse("2026-11-24T09:00:00Z")!, timeZone: utc)
        #expect(tuesday.noticeBy == CalendarDate("2026-11-25")!)
        #expect(tuesday.reasons(today: CalendarDate("2026-11-26")!).first!.hasSuffix("overdue."))
        #expect(!tuesday.reasons(today: CalendarDate("2026-11-25")!).first!.contains("overdue"))
    }

    @Test func productsAndLotsAreChecked() {
        #expect(StockLot.isValidDEANumber("RC1234563") && !StockLot.isValidDEANumber("RC1234564") && !StockLot.isValidDEANumber("R11234563"))
        let bad = errors { try ControlledProductForm(name: "Ketamine", ndc: "4202311310", strength: "100 mg/mL", form: "vial", unit: "ml",
                                                    unitsPerContainer: 0, schedule: "I").checked() }
        #expect(bad.contains { $0.hasPrefix("ndc ") } && bad.contains { $0.hasPrefix("unit ") } && bad.contains("unitsPerContainer must be above 0 and at most 100000")
                && bad.contains("schedule must be II, III, IV or V"))
        let lot = errors { try StockLotForm(productId: UUID().uuidString, lotNumber: "L1", expiresOn: "2027-02-30", supplierName: "S",
                                            supplierAddress: "A", supplierDeaNumber: "RC1234564", invoiceNumber: "I", storageLocation: "Safe").checked() }
        #expect(lot == ["expiresOn must be a date in YYYY-MM-DD form",
                        "supplierDeaNumber must be a DEA number: two letters and seven digits with a valid check digit"])
    }
}
