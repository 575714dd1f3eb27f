import Foundation
import VigilCore
import VigilStorage

struct ProductDTO: Encodable, Sendable {
    let id: String
    let name: String
    let ndc: String
    let strength: String
    let form: String
    let unit: String
    let unitsPerContainer: Double
    let mgPerMl: Double?
    let schedule: String
    let multiDose: Bool

    init(_ product: ControlledProduct) {
        id = product.id.lowercased
        name = product.name
        ndc = product.ndc
        strength = product.strength
        form = product.form
        unit = product.unit.rawValue
        unitsPerContainer = product.unitsPerContainer
        mgPerMl = product.mgPerMl
        schedule = product.schedule
        multiDose = product.multiDose
    }
}

struct LotDTO: Encodable, Sendable {
    let id: String
    let productId: String
    let lotNumber: String
    let expiresOn: String
    let supplierName: String
    let supplierAddress: String
    let supplierDeaNumber: String
    let invoiceNumber: String
    let storageLocation: String
    let siteId: String

    init(_ lot: StockLot) {
        id = lot.id.lowercased
        productId = lot.productID.lowercased
        lotNumber = lot.lotNumber
        expiresOn = lot.expiresOn.description
        supplierName = lot.supplierName
        supplierAddress = lot.supplierAddress
        supplierDeaNumber = lot.supplierDEANumber
        invoiceNumber = lot.invoiceNumber
        storageLocation = lot.storageLocation
        siteId = lot.siteID.lowercased
    }
}

/// A lot as received: the lot's fields and, optionally, the quantity whose receipt entry is posted with it.
struct LotReceiptBody: Decodable, Sendable {
    let lot: StockLotForm
    let quantity: Double?

    enum CodingKeys: String, CodingKey { case quantity }

    init(from decoder: any Decoder) throws {
        lot = try StockLotForm(from: decoder)
        quantity = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Double.self, forKey: .quantity)
    }
}

struct LedgerEntryDTO: Encodable, Sendable {
    struct WitnessDTO: Encodable, Sendable {
        let id: String
        let name: String
    }

    struct DeadlinesDTO: Encodable, Sendable {
        let discoveredOn: String
        let noticeBy: String
        let form106By: String
        let reasons: [String]

        init(_ due: LossDeadlines, today: CalendarDate) {
            discoveredOn = due.discoveredOn.description
            noticeBy = due.noticeBy.description
            form106By = due.form106By.description
            reasons = due.reasons(today: today)
        }
    }

    let id: String
    let sequence: Int64
    let type: String
    let lotId: String
    let lotNumber: String
    let productId: String
    let productName: String
    let quantity: Double
    let unit: String
    let shown: String
    let sessionId: String?
    let patientId: String?
    let patientName: String?
    let patientAddress: String?
    let userId: String
    let userName: String
    /// For an administration: who gave the dose.
    let administeredBy: WitnessDTO?
    let witnesses: [WitnessDTO]
    let note: String?
    let corrects: String?
    let correctedBy: String?
    let occurredAt: String
    let recordedAt: String
    let hash: String
    let deadlines: DeadlinesDTO?
    /// For a count that differed from the book: the discrepancy it opened.
    let discrepancyId: String?

    init(_ line: LedgerLine, timeZone: TimeZone, today: CalendarDate) {
        let entry = line.entry
        id = entry.id.lowercased
        sequence = entry.sequence
        type = entry.kind.rawValue
        lotId = line.lot.id.lowercased
        lotNumber = line.lot.lotNumber
        productId = line.product.id.lowercased
        productName = line.product.name
        quantity = entry.quantity
        unit = line.product.unit.rawValue
        shown = line.product.shown(entry.quantity)
        sessionId = entry.sessionID?.lowercased
        patientId = entry.patientID?.lowercased
        patientName = line.patientName
        patientAddress = line.patientAddress
        userId = entry.userID.lowercased
        userName = entry.userName
        administeredBy = entry.administeredBy.map { WitnessDTO(id: $0.id.lowercased, name: $0.name) }
        witnesses = entry.witnesses.map { WitnessDTO(id: $0.id.lowercased, name: $0.name) }
        note = entry.note
        corrects = entry.corrects?.lowercased
        correctedBy = line.correctedBy?.lowercased
        occurredAt = Instant.format(entry.occurredAt)
        recordedAt = Instant.format(entry.recordedAt)
        hash = entry.hash
        discrepancyId = line.discrepancy?.id.lowercased
        deadlines = entry.kind == .lossOrTheft ? DeadlinesDTO(LossDeadlines(discoveredAt: entry.occurredAt, timeZone: timeZone), today: today) : nil
    }
}

/// A quantity in every measure that applies: units, containers, and for vials mg and mL.
struct QuantityDTO: Encodable, Sendable {
    let units: Double
    let containers: Double
    let mg: Double?
    let ml: Double?
    let shown: String

    init(_ units: Double, _ product: ControlledProduct) {
        self.units = units
        containers = product.containers(units)
        mg = product.unit == .mg ? units : nil
        ml = product.millilitres(units)
        shown = product.shown(units)
    }
}

struct BalanceDTO: Encodable, Sendable {
    struct LotBalanceDTO: Encodable, Sendable {
        let lot: LotDTO
        let balance: QuantityDTO
        let expiresInDays: Int
        /// 0 expired, or 30, 60, 90: the expiry warning band.
        let expiryWarning: Int?
        let openDiscrepancies: Int
    }

    let product: ProductDTO
    let balance: QuantityDTO
    let lots: [LotBalanceDTO]

    init(_ balance: ProductBalance, today: CalendarDate) {
        product = ProductDTO(balance.product)
        self.balance = QuantityDTO(balance.units, balance.product)
        lots = balance.lots.map {
            LotBalanceDTO(lot: LotDTO($0.lot), balance: QuantityDTO($0.units, balance.product), expiresInDays: today.days(to: $0.lot.expiresOn),
                          expiryWarning: $0.expiryBand(today: today), openDiscrepancies: $0.openDiscrepancies)
        }
    }
}

struct DiscrepancyDTO: Encodable, Sendable {
    struct ResolutionDTO: Encodable, Sendable {
        let note: String
        let byName: String
        let at: String
        let significantLoss: Bool?
        let lossEntryId: String?
        /// A significant loss's DEA deadlines, from the count that found it.
        let deadlines: LedgerEntryDTO.DeadlinesDTO?
    }

    let id: String
    let lotId: String
    let lotNumber: String
    let productName: String
    let countEntryId: String
    let counted: Double
    let book: Double
    let difference: Double
    let shown: String
    let openedAt: String
    let resolution: ResolutionDTO?

    init(_ discrepancy: Discrepancy, lot: StockLot, product: ControlledProduct, timeZone: TimeZone, today: CalendarDate) {
        id = discrepancy.id.lowercased
        lotId = lot.id.lowercased
        lotNumber = lot.lotNumber
        productName = product.name
        countEntryId = discrepancy.countEntryID.lowercased
        counted = discrepancy.counted
        book = discrepancy.book
        difference = discrepancy.difference
        shown = "counted \(product.shown(discrepancy.counted)), book \(product.shown(discrepancy.book))"
        openedAt = Instant.format(discrepancy.openedAt)
        resolution = discrepancy.resolution.map {
            ResolutionDTO(note: $0.note, byName: $0.byName, at: Instant.format($0.at), significantLoss: $0.significantLoss,
                          lossEntryId: $0.lossEntryID?.lowercased,
                          deadlines: $0.significantLoss == true ? .init(LossDeadlines(discoveredAt: discrepancy.openedAt, timeZone: timeZone), today: today) : nil)
        }
    }
}

/// The result of re-computing a hash chain: the audit trail's or the ledger's.
struct ChainVerdictDTO: Encodable, Sendable {
    let intact: Bool
    let entries: Int
    let firstBrokenEntry: String?
    let reason: String?
    /// The signed checkpoint the head matches: its time, length and key.
    let checkpoint: CheckpointDTO?

    struct CheckpointDTO: Encodable, Sendable {
        let signedAt: String
        let length: Int
        let publicKey: String
    }

    init(_ verdict: ChainVerdict) {
        intact = verdict.intact
        entries = verdict.entries
        firstBrokenEntry = verdict.firstBrokenEntry?.lowercased
        reason = verdict.reason
        checkpoint = verdict.checkpoint.map { CheckpointDTO(signedAt: Instant.format($0.signedAt), length: $0.length, publicKey: $0.publicKey) }
    }
}

/// A physical inventory as stored, lot by lot.
struct PhysicalInventoryDTO: Encodable, Sendable {
    struct CountDTO: Encodable, Sendable {
        let lotId: String
        let lotNumber: String?
        let productName: String?
        let fullContainers: Int
        let openedUnits: Double
        let openedIsEstimate: Bool
        let counted: Double?
        let book: Double
        let countEntryId: String
    }

    let id: String
    let kind: String
    let takenOn: String
    let at: String
    let takenBy: LedgerEntryDTO.WitnessDTO
    let countedWith: LedgerEntryDTO.WitnessDTO
    let signedAt: String
    let note: String?
    let counts: [CountDTO]
    let nextDueBy: String

    init(_ inventory: PhysicalInventory, lots: [UUID: (lot: StockLot, product: ControlledProduct)]) {
        id = inventory.id.lowercased
        kind = inventory.kind.rawValue
        takenOn = inventory.takenOn.description
        at = inventory.atOpening ? "opening" : "close"
        takenBy = .init(id: inventory.takenBy.id.lowercased, name: inventory.takenBy.name)
        countedWith = .init(id: inventory.countedWith.id.lowercased, name: inventory.countedWith.name)
        signedAt = Instant.format(inventory.signedAt)
        note = inventory.note
        counts = inventory.counts.map { count in
            let found = lots[count.lotID]
            return CountDTO(lotId: count.lotID.lowercased, lotNumber: found?.lot.lotNumber, productName: found?.product.name,
                            fullContainers: count.fullContainers, openedUnits: count.openedUnits,
                            openedIsEstimate: found.map { $0.product.openedCountIsEstimate && count.openedUnits > 0 } ?? false,
                            counted: found.map { count.counted($0.product) }, book: count.book, countEntryId: count.countEntryID.lowercased)
        }
        nextDueBy = inventory.nextDueBy.description
    }
}

/// The inventories taken and when the next is due.
struct PhysicalInventoryListDTO: Encodable, Sendable {
    let items: [PhysicalInventoryDTO]
    let nextDueBy: String?
    let overdue: Bool
    let due: String
}

/// A transfer between sites: the entry out of the sending site's lot and the receipt at the other.
struct SiteTransferDTO: Encodable, Sendable {
    let out: LedgerEntryDTO
    let `in`: LedgerEntryDTO
}
