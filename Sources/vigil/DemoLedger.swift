import Foundation
import VigilCore
import VigilStorage
import VigilWeb

/// The demo's controlled-substance stock, kept through the same rules as the pages: ketamine vials
/// and esketamine devices received before the first course, every dose drawn from its lot as it is given, each
/// opened vial's remainder wasted with the prescriber as witness, the initial physical inventory the
/// prescriber took with the nurse and signed on the day of the first delivery, and last evening's
/// count by the nurse with the prescriber — one short lot, near expiry, left with an open discrepancy
/// for the queue. The second site is stocked by a transfer of ketamine from the first and a delivery
/// of esketamine of its own, and takes its initial inventory that day.
struct DemoLedger {
    let database: Database
    let nurse: User
    let admin: User
    /// Witnesses the nurse's entries, and takes and signs the initial inventory.
    let prescriber: User
    /// Every demo user's email and password: the prescriber witnesses, the nurse counts with them.
    let credentials: [Role: LedgerEntryForm.WitnessCredentials]
    var witness: LedgerEntryForm.WitnessCredentials { credentials[.prescriber]! }
    /// Checks the witness's password, as the ledger pages do.
    let witnesses: Authenticator
    /// The prescriber's witness confirmation, checked (and audited) at the first waste and shown again
    /// at each later one the demo charts: bcrypt at cost 12 takes a quarter of a second a check, and
    /// the demo wastes a remainder after every infusion.
    private let wasteWitness = Confirmed()
    /// The clinic's time zone: the calendar day each entry is dated on.
    let zone: TimeZone
    let ketamine: ControlledProduct
    let esketamine: ControlledProduct
    let ketamineLot: StockLot
    let esketamineLot: StockLot
    let shortLot: StockLot
    let sites: DemoSites
    let secondLot: StockLot

    /// Ketamine HCl 10 mg/mL in 20 mL vials and Spravato devices; NDCs are examples in the right format.
    init(database: Database, nurse: User, admin: User, prescriber: User, credentials: [Role: LedgerEntryForm.WitnessCredentials], witnesses: Authenticator,
         zone: TimeZone,
         today: CalendarDate, sites: DemoSites) {
        self.sites = sites
        let year = today.year
        self.database = database
        self.nurse = nurse
        self.admin = admin
        self.prescriber = prescriber
        self.credentials = credentials
        self.witnesses = witnesses
        self.zone = zone
        ketamine = ControlledProduct(id: UUID(), name: "Ketamine HCl injection", ndc: "42023-113-10", strength: "10 mg/mL", form: "20 mL single-dose vial",
                                     unit: .mg, unitsPerContainer: 200, mgPerMl: 10, schedule: "III", multiDose: false)
        esketamine = ControlledProduct(id: UUID(), name: "Spravato (esketamine) nasal spray", ndc: "50458-028-02", strength: "28 mg", form: "nasal spray device",
                                       unit: .device, unitsPerContainer: 1, mgPerMl: nil, schedule: "III")
        func lot(_ product: ControlledProduct, _ number: String, expires: CalendarDate, invoice: String, at site: Site? = nil) -> StockLot {
            StockLot(id: UUID(), productID: product.id, lotNumber: number, expiresOn: expires, supplierName: "Demo Medical Supply Co.",
                     supplierAddress: "100 Example Way, Springfield", supplierDEANumber: "RD1234563", invoiceNumber: invoice, storageLocation: "Safe A",
                     siteID: (site ?? sites.first).id)
        }
        ketamineLot = lot(ketamine, "KET-\(year)-0872", expires: today.adding(days: 540), invoice: "INV-\(year)-3310")
        esketamineLot = lot(esketamine, "ESK-\(year)-114", expires: today.adding(days: 420), invoice: "INV-\(year)-3311")
        shortLot = lot(ketamine, "KET-\(year)-0419", expires: today.adding(days: 24), invoice: "INV-\(year)-2987")
        secondLot = lot(esketamine, "ESK-\(year)-131", expires: today.adding(days: 400), invoice: "INV-\(year)-3412", at: sites.second)
    }

    private var actor: Actor { Actor(userID: nurse.id, role: nurse.role, address: "demo", sessionID: nil, siteID: sites.first.id) }

    /// The catalogue and the stock received (run on the clock of the first delivery).
    func stock() async throws {
        let adminActor = Actor(userID: admin.id, role: admin.role, address: "demo", sessionID: nil, siteID: sites.first.id)
        for product in [ketamine, esketamine] { _ = try await database.createProduct(product, by: adminActor) }
        for (lot, quantity) in [(ketamineLot, 200.0 * 60), (esketamineLot, 120), (shortLot, 200.0 * 2)] {
            _ = try await database.receiveLot(lot, quantity: quantity, by: admin, actor: adminActor, timeZone: zone)
        }
        try await initialInventory(at: sites.first, at: "opening")
        // The second site: ten vials transferred from the first, and its own esketamine delivery.
        _ = try await database.transfer(SiteTransferForm(lotId: ketamineLot.id.uuidString, toSiteId: sites.second.id.uuidString, quantity: 200 * 10,
                                                         note: "Stock for the Front Range clinic's first weeks"), by: admin, actor: adminActor, timeZone: zone)
        _ = try await database.receiveLot(secondLot, quantity: 28, by: admin, actor: sites.atSecond(admin), timeZone: zone)
        try await initialInventory(at: sites.second, at: "close")
    }

    /// The initial inventory of a site's stock (21 CFR 1304.11(b)), taken by the prescriber with the nurse and signed.
    private func initialInventory(at site: Site, at time: String) async throws {
        let signer = Actor(userID: prescriber.id, role: prescriber.role, address: "demo", sessionID: nil, siteID: site.id)
        let counts = try await database.ledgerBalances(site: site.id).flatMap(\.lots).map {
            PhysicalInventoryForm.LotCount(lotId: $0.lot.id.uuidString, fullContainers: $0.fullContainers, openedUnits: $0.openedUnits)
        }
        let form = PhysicalInventoryForm(kind: PhysicalInventory.Kind.initial.rawValue, at: time, counts: counts,
                                         note: "Taken on the day of the first delivery", password: witness.password, witness: credentials[.nurse]!)
        _ = try await database.takeInventory(form, signer: try await witnesses.confirmSignature(of: prescriber, password: witness.password, actor: signer),
                                             counter: try await witnesses.confirmWitness(credentials[.nurse]!, actor: signer),
                                             by: prescriber, actor: signer, timeZone: site.timeZone(fallback: zone))
    }

    /// The rest of the vial a session's dose was drawn from, wasted with a witness.
    func wasteRemainder(of session: DosingSession) async throws {
        guard ketamine.suits(session.route), let remainder = SessionDose(session)?.remainder(of: ketamine) else { return }
        try await record(LedgerEntryForm(type: "waste", lotId: ketamineLot.id.uuidString, quantity: remainder, patientId: session.patientID.uuidString,
                                         witness: witness, note: "Remainder of the opened vial"))
    }

    /// The end-of-day count of every lot by the nurse with the prescriber: matching the book, except
    /// the short lot, 20 mg under.
    func count() async throws {
        let counts = try await database.ledgerBalances(site: sites.first.id).flatMap(\.lots).map { balance in
            (lotID: balance.lot.id, quantity: balance.lot.id == shortLot.id ? balance.units - 20 : balance.units)
        }
        _ = try await database.recordCounts(counts, note: "End-of-day count", counter: try await witnesses.confirmWitness(witness, actor: actor), by: nurse,
                                            actor: actor, timeZone: zone)
    }

    private func record(_ form: LedgerEntryForm) async throws {
        var confirmed = wasteWitness.value
        if confirmed == nil { confirmed = try await witnesses.confirmWitnesses(of: form, actor: actor) }
        wasteWitness.value = confirmed
        _ = try await database.recordLedgerEntry(form, witnesses: confirmed!, by: nurse, actor: actor, timeZone: zone)
    }
}

/// A witness confirmation kept for reuse.
private final class Confirmed: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [WitnessConfirmation]?

    var value: [WitnessConfirmation]? {
        get { lock.withLock { kept } }
        set { lock.withLock { kept = newValue } }
    }
}
