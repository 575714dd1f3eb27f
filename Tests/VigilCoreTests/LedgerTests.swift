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
    static let prescriber = User(id: UUID(), email: "p@clinic.example", name: "Dr Ama Mensah", role: .prescriber, active: true, createdAt: TestTime.now)
    static let admin = User(id: UUID(), email: "a@clinic.example", name: "Ada Admin", role: .admin, active: true, createdAt: TestTime.now)
    static let today = CalendarDate("2026-11-23")!
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let giver = Appointment.StaffMember(id: UUID(), name: "Sam Rivera RN")

    var entries: [LedgerEntry] = []

    mutating func post(_ kind: LedgerEntry.Kind, _ quantity: Double, corrects: UUID? = nil) -> LedgerEntry {
        let entry = LedgerEntry(id: UUID(), sequence: Int64(entries.count + 1), kind: kind, lotID: Self.lot.id, quantity: quantity, sessionID: nil,
                                patientID: nil, userID: Self.nurse.id, userName: Self.nurse.name, administeredBy: nil, witnesses: [], note: nil, corrects: corrects,
                                occurredAt: Self.now, recordedAt: Self.now, previousHash: LedgerEntry.genesisHash)
        entries.append(entry)
        return entry
    }

    func check(_ form: LedgerEntryForm, by user: User = nurse, witnesses: [WitnessConfirmation] = [], session: SessionDose? = nil,
               today: CalendarDate = today) throws -> [LedgerEntry.Witness] {
        try people(form, by: user, witnesses: witnesses, session: session, today: today).witnesses
    }

    func people(_ form: LedgerEntryForm, by user: User = nurse, witnesses: [WitnessConfirmation] = [], session: SessionDose? = nil,
                today: CalendarDate = today) throws -> LedgerRules.People {
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
        let over = errors { try check(LedgerEntryForm(type: "administration", lotId: Self.lot.id.uuidString, quantity: 1300.5, patientId: UUID().uuidString), by: Self.prescriber) }
        #expect(over == ["409 quantity lot KX2291 holds 1300 mg (13 mL); this would leave -0.5 mg (-0.01 mL)"])
        #expect(errors { try check(LedgerEntryForm(type: "administration", lotId: Self.lot.id.uuidString, quantity: 1300, patientId: UUID().uuidString), by: Self.prescriber) }.isEmpty)
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
        #expect(errors { try check(dose, by: Self.prescriber, today: CalendarDate("2027-04-01")!) } == ["409 lotId lot KX2291 expired on 2027-03-31; it cannot be administered"])
        #expect(errors { try check(dose, by: Self.prescriber, today: CalendarDate("2027-03-31")!) }.isEmpty, "usable on its expiry date")
        let session = SessionDose(sessionID: UUID(), patientID: patient, doseMg: 32, devices: 0, route: .ivKetamine, administeredBy: Self.giver)
        #expect(errors { try check(dose, session: session) } == ["note is required: the session recorded 32 mg (0.32 mL), not 35 mg (0.35 mL)"])
        var noted = dose
        noted.note = "Drew up 35 mg; 3 mg wasted separately"
        #expect(errors { try check(noted, session: session) }.isEmpty)
        let esketamine = SessionDose(sessionID: UUID(), patientID: patient, doseMg: 56, devices: 2, route: .esketamineNasal, administeredBy: Self.giver)
        #expect(errors { try check(noted, session: esketamine) }
                == ["lotId is a lot of Ketamine HCl, which esketamine nasal spray sessions do not draw from"])
        #expect(errors { try check(LedgerEntryForm(type: "administration", lotId: Self.lot.id.uuidString, quantity: 35), by: Self.prescriber) }
                == ["patientId is required: the record names the patient (21 CFR 1304.22(c))"])
    }

    /// Clinic-day issue, finding 8: a count is blind and confirmed by a second person.
    @Test mutating func aCountIsConfirmedByASecondClinician() throws {
        _ = post(.receipt, 1000)
        let count = LedgerEntryForm(type: "count", lotId: Self.lot.id.uuidString, quantity: 1000)
        #expect(errors { try check(count) } == ["witness is required: a second clinician counts with you and confirms with their password"])
        #expect(try check(count, witnesses: [witness()]).map(\.name) == ["Dr Ama Mensah"])
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
        #expect(errors { try check(unexplained, by: Self.prescriber) } == ["note is required for a correction: what was wrong"])
    }

    @Test func aDiscrepancyStaysOpenUntilAnAdministratorResolvesIt() throws {
        let count = LedgerEntry(id: UUID(), sequence: 3, kind: .count, lotID: Self.lot.id, quantity: 900, sessionID: nil, patientID: nil,
                                userID: Self.nurse.id, userName: Self.nurse.name, administeredBy: nil, witnesses: [], note: nil, corrects: nil, occurredAt: Self.now,
                                recordedAt: Self.now, previousHash: LedgerEntry.genesisHash)
        #expect(Discrepancy.opened(by: count, book: 900) == nil)
        var open = try #require(Discrepancy.opened(by: count, book: 965))
        #expect(open.difference == -65 && open.resolution == nil)
        #expect(throws: ConflictError.self) { try open.resolve(note: "Found", significantLoss: false, by: Self.nurse, at: Self.now) }
        let admin = Self.admin
        #expect(throws: ValidationError.self) { try open.resolve(note: "  ", significantLoss: false, by: admin, at: Self.now) }
        try open.resolve(note: "Waste of session 14 not entered; entered now with its witness", significantLoss: false, by: admin, at: Self.now)
        #expect(open.resolution?.byName == "Ada Admin")
        #expect(open.lossEntry == nil, "not significant: no loss entry")
        #expect(throws: ConflictError.self, "resolved once") { try open.resolve(note: "again", significantLoss: false, by: admin, at: Self.now) }
    }

    @Test mutating func administeredByIsTheSessionsClinicianAndADoseOutsideASessionNeedsAPrescriberOrANote() throws {
        _ = post(.receipt, 1000)
        let patient = UUID()
        // The prescriber types the entry; the nurse gave the dose: the record says the nurse.
        let session = SessionDose(sessionID: UUID(), patientID: patient, doseMg: 35, devices: 0, route: .ivKetamine, administeredBy: Self.giver)
        let drawn = LedgerEntryForm(type: "administration", lotId: Self.lot.id.uuidString, quantity: 35, sessionId: session.sessionID.uuidString,
                                    patientId: patient.uuidString)
        #expect(try people(drawn, by: Self.prescriber, session: session).administeredBy == Self.giver)
        let outside = LedgerEntryForm(type: "administration", lotId: Self.lot.id.uuidString, quantity: 35, patientId: patient.uuidString)
        #expect(errors { try check(outside) }
                == ["note is required: a dose given outside a session names the prescriber's order and why (or a prescriber records it)"])
        var noted = outside
        noted.note = "Dr Mensah's verbal order, session screen down; given 09:40"
        #expect(try people(noted).administeredBy == Appointment.StaffMember(id: Self.nurse.id, name: Self.nurse.name))
        #expect(try people(outside, by: Self.prescriber).administeredBy?.name == "Dr Ama Mensah")
        #expect(try people(LedgerEntryForm(type: "receipt", lotId: Self.lot.id.uuidString, quantity: 5)).administeredBy == nil)
        // The administrator role never records an administration; it still receives and counts stock.
        #expect(LedgerEntry.Kind.administration.refusal(for: .admin) == "an administration is recorded by the clinician who gave the dose")
        #expect(LedgerEntry.Kind.receipt.refusal(for: .admin) == nil && LedgerEntry.Kind.count.refusal(for: .admin) == nil)
        #expect(LedgerEntry.Kind.administration.refusal(for: .nurse) == nil)
    }

    @Test func administeredByIsCoveredByTheHashOnlyWhenKept() {
        func entry(_ giver: Appointment.StaffMember?) -> LedgerEntry {
            LedgerEntry(id: UUID(uuidString: "8A4C7D44-8C3B-4C52-9C5E-0B6E4D2B1A11")!, sequence: 1, kind: .administration, lotID: Self.lot.id, quantity: 35,
                        sessionID: nil, patientID: nil, userID: Self.nurse.id, userName: Self.nurse.name, administeredBy: giver, witnesses: [], note: nil,
                        corrects: nil, occurredAt: Self.now, recordedAt: Self.now, previousHash: LedgerEntry.genesisHash)
        }
        let old = entry(nil).canonicalContent
        #expect(!old.contains("Sam Rivera"), "an entry from before has the content it was hashed with")
        #expect(entry(Self.giver).canonicalContent.hasPrefix(old) && entry(Self.giver).canonicalContent.hasSuffix(":Sam Rivera RN"))
    }

    @Test func aMultiDoseVialKeepsItsRemainderAndASingleDoseVialWastesIt() {
        let session = SessionDose(sessionID: UUID(), patientID: UUID(), doseMg: 35, devices: 0, route: .ivKetamine, administeredBy: Self.giver)
        #expect(session.remainder(of: Self.vial) == 965, "single-dose: the rest of the vial is wasted")
        let multi = ControlledProduct(id: UUID(), name: "Ketamine HCl", ndc: "0409-2053-01", strength: "50 mg/mL", form: "10 mL multi-dose vial",
                                      unit: .mg, unitsPerContainer: 500, mgPerMl: 50, schedule: "III", multiDose: true)
        #expect(session.remainder(of: multi) == nil, "multi-dose: what is left stays in stock for the next dose")
        let device = ControlledProductForm(name: "Spravato", ndc: "50458-028-02", strength: "28 mg", form: "device", unit: "device", unitsPerContainer: 1,
                                           schedule: "III", multiDose: true)
        #expect(errors { try device.checked() } == ["multiDose is only for vials: a device is used once"])
    }

    @Test func missingStockAsksWhetherItIsASignificantLossAndAYesStartsTheLossReport() throws {
        let count = LedgerEntry(id: UUID(), sequence: 3, kind: .count, lotID: Self.lot.id, quantity: 900, sessionID: nil, patientID: nil,
                                userID: Self.nurse.id, userName: Self.nurse.name, administeredBy: nil, witnesses: [], note: nil, corrects: nil,
                                occurredAt: Self.now, recordedAt: Self.now, previousHash: LedgerEntry.genesisHash)
        var short = try #require(Discrepancy.opened(by: count, book: 965))
        #expect(short.missing == 65)
        let unanswered = errors { try short.resolve(note: "Not found", significantLoss: nil, by: Self.admin, at: Self.now) }
        #expect(unanswered.count == 1 && unanswered[0].hasPrefix("significantLoss is required: is the missing stock a significant loss?"))
        #expect(unanswered[0].contains("a pattern of losses over time") && unanswered[0].hasSuffix("(21 CFR 1301.76(b))"))
        try short.resolve(note: "Vial missing from Safe A; not found after search", significantLoss: true, by: Self.admin, at: Self.now.addingTimeInterval(3600))
        let loss = try #require(short.lossEntry)
        let parsed = try loss.parsed(now: Self.now.addingTimeInterval(3600))
        #expect(parsed.kind == .lossOrTheft && parsed.quantity == 65 && parsed.lotID == Self.lot.id)
        #expect(parsed.occurredAt == Self.now, "discovered at the count, so the deadlines run from it")
        #expect(parsed.note == "Vial missing from Safe A; not found after search")
        var surplus = try #require(Discrepancy.opened(by: count, book: 850))
        #expect(errors { try surplus.resolve(note: "Receipt typed short", significantLoss: true, by: Self.admin, at: Self.now) }
                == ["significantLoss is only for a count that found stock missing"])
        try surplus.resolve(note: "Receipt typed short", significantLoss: nil, by: Self.admin, at: Self.now)
        #expect(surplus.resolution?.significantLoss == nil && surplus.lossEntry == nil)
    }

    @Test func aPhysicalInventoryCountsEveryLotOnHandExactlyOrByEstimateAndIsDueEveryTwoYears() throws {
        let device = ControlledProduct(id: UUID(), name: "Spravato", ndc: "50458-028-02", strength: "28 mg", form: "nasal spray device", unit: .device,
                                       unitsPerContainer: 1, mgPerMl: nil, schedule: "III")
        let deviceLot = StockLot(id: UUID(), productID: device.id, lotNumber: "ESK-114", expiresOn: CalendarDate("2027-06-30")!, supplierName: "S",
                                 supplierAddress: "A", supplierDEANumber: "RC1234563", invoiceNumber: "I", storageLocation: "Safe A")
        let emptyLot = StockLot(id: UUID(), productID: Self.vial.id, lotNumber: "KX0001", expiresOn: CalendarDate("2026-12-31")!, supplierName: "S",
                                supplierAddress: "A", supplierDEANumber: "RC1234563", invoiceNumber: "I", storageLocation: "Safe A")
        let lots = [LotBalance(lot: Self.lot, product: Self.vial, units: 2650, openDiscrepancies: 0),
                    LotBalance(lot: deviceLot, product: device, units: 12, openDiscrepancies: 0),
                    LotBalance(lot: emptyLot, product: Self.vial, units: 0, openDiscrepancies: 0)]
        func form(_ counts: [PhysicalInventoryForm.LotCount], kind: String = "initial", at: String = "close") -> PhysicalInventoryForm {
            PhysicalInventoryForm(kind: kind, at: at, counts: counts, password: "signature", witness: .init(email: "p@clinic.example", password: "theirs"))
        }
        let vial = PhysicalInventoryForm.LotCount(lotId: Self.lot.id.uuidString, fullContainers: 2, openedUnits: 640)
        let devices = PhysicalInventoryForm.LotCount(lotId: deviceLot.id.uuidString, fullContainers: 12, openedUnits: nil)
        let checked = try form([vial, devices]).checked(lots: lots)
        #expect(checked.kind == .initial && !checked.atOpening && checked.counts.map(\.fullContainers) == [2, 12])
        #expect(errors { try form([vial]).checked(lots: lots) } == ["counts must count every lot on hand; not counted: lot ESK-114 of Spravato"],
                "a lot run out need not be counted; one on hand must")
        #expect(errors { try form([vial, vial, devices]).checked(lots: lots) } == ["counts[1].lotId counts lot KX2291 a second time"])
        let fraction = PhysicalInventoryForm.LotCount(lotId: Self.lot.id.uuidString, fullContainers: 2.5, openedUnits: 1000)
        #expect(errors { try form([fraction, devices]).checked(lots: lots) } == [
            "counts[0].fullContainers must be the whole number of unopened containers, 0 to 100000",
            "counts[0].openedUnits must be 0 or more and less than one container (1000 mg (10 mL))",
        ])
        let halfDevice = PhysicalInventoryForm.LotCount(lotId: deviceLot.id.uuidString, fullContainers: 11, openedUnits: 0.5)
        #expect(errors { try form([vial, halfDevice]).checked(lots: lots) } == ["counts[1].openedUnits is not taken for devices: count every device as a whole container"])
        #expect(errors { try PhysicalInventoryForm(kind: "annual", at: "noon", counts: [vial, devices], password: "", witness: nil).checked(lots: lots) } == [
            "kind must be one of initial, biennial", "at must be opening or close (of business: 21 CFR 1304.11(a))",
            "password is required: your password signs the inventory",
            "witness is required: a second clinician counts with you and confirms with their email and password",
        ])
        let stranger = PhysicalInventoryForm.LotCount(lotId: UUID().uuidString, fullContainers: 1, openedUnits: nil)
        #expect(errors { try form([vial, devices, stranger]).checked(lots: lots) } == ["counts[2].lotId must be the id of a lot that was received"])
        let many = Array(repeating: stranger, count: PhysicalInventoryForm.maximumLots + 1)
        #expect(errors { try form(many).checked(lots: lots) }.contains("counts must list at most 1000 lots"))
        // An opened Schedule III vial is an estimate; the whole count is containers and the rest.
        let count = PhysicalInventory.Count(lotID: Self.lot.id, fullContainers: 2, openedUnits: 640, book: 2650, countEntryID: UUID())
        #expect(count.counted(Self.vial) == 2640 && Self.vial.openedCountIsEstimate && !device.openedCountIsEstimate)

        func taken(on day: String) -> PhysicalInventory {
            PhysicalInventory(id: UUID(), kind: .initial, takenOn: CalendarDate(day)!, atOpening: false, takenBy: Self.giver,
                              countedWith: Appointment.StaffMember(id: UUID(), name: "Dr Ama Mensah"), signedAt: Self.now, note: nil, counts: [count])
        }
        #expect(taken(on: "2026-11-23").nextDueBy == CalendarDate("2028-11-23")!)
        #expect(taken(on: "2028-02-29").nextDueBy == CalendarDate("2030-02-28")!)
        let none = InventoryDue(latest: nil, today: Self.today)
        #expect(none.overdue && none.dueBy == nil && none.reason.contains("No initial inventory is recorded") && none.reason.contains("1304.11(b)"))
        let fresh = InventoryDue(latest: taken(on: "2026-11-23"), today: Self.today)
        #expect(!fresh.overdue && !fresh.soon && fresh.reason == "Next biennial inventory due by 2028-11-23: within 2 years of the initial inventory of 2026-11-23, at the close of business (21 CFR 1304.11(c)).")
        let soon = InventoryDue(latest: taken(on: "2024-12-20"), today: Self.today)
        #expect(!soon.overdue && soon.soon, "27 days ahead: within the 60-day warning")
        let late = InventoryDue(latest: taken(on: "2024-11-22"), today: Self.today)
        #expect(late.overdue && late.reason.hasSuffix(": overdue."))
    }

    @Test func eachSitesDEARegistrationIsCheckedAndItsEndIsWarnedOf() throws {
        let none = Site(name: "Northside", timeZoneID: "America/Chicago")
        #expect(none.registrationWarning(today: Self.today)?.hasPrefix("No DEA registration number is set for Northside") == true)
        #expect(throws: ValidationError.self) { try none.changed(.init(deaRegistration: "FK1234564")) }
        #expect(throws: ValidationError.self) { try none.changed(.init(deaRegistrationExpiresOn: "next year")) }
        let set = try none.changed(.init(deaRegistration: " fk1234563 ", deaRegistrationExpiresOn: "2027-01-10"))
        #expect(set.deaRegistration == "FK1234563" && set.deaRegistrationExpiresOn == CalendarDate("2027-01-10"))
        #expect(set.registrationWarning(today: Self.today) == "DEA registration FK1234563 expires on 2027-01-10, in 48 day(s): renew it (21 CFR 1301.13).")
        #expect(set.registrationWarning(today: CalendarDate("2026-10-01")!) == nil)
        #expect(set.registrationWarning(today: CalendarDate("2027-01-11")!)?.contains("expired on 2027-01-10") == true)
        #expect(set.registrant == "Northside, DEA registration FK1234563", "how its records name it")
        #expect(try set.changed(.init(deaRegistration: "", deaRegistrationExpiresOn: "")).deaRegistrationExpiresOn == nil, "empty clears")
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
                                            supplierAddress: "A", supplierDeaNumber: "RC1234564", invoiceNumber: "I", storageLocation: "Safe").checked(site: Site.firstID) }
        #expect(lot == ["expiresOn must be a date in YYYY-MM-DD form",
                        "supplierDeaNumber must be a DEA number: two letters and seven digits with a valid check digit"])
    }
}
