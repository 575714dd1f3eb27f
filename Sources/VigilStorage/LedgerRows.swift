import Foundation
import VigilCore

/// The controlled_products row.
struct ProductRow: Codable, Sendable {
    var id: String
    var name: String
    var ndc: String
    var strength: String
    var form: String
    var unit: String
    var units_per_container: Double
    var mg_per_ml: Double?
    var schedule: String
    var created_by: String?
    var created_at: String
    /// Optional as read, like every column a later migration added: a pooled SQLite connection that
    /// prepared `SELECT *` before the migration can return a row without it.
    var multi_dose: Bool?

    init(_ product: ControlledProduct, by userID: UUID?, at now: Date) {
        id = product.id.lowercased
        name = product.name
        ndc = product.ndc
        strength = product.strength
        form = product.form
        unit = product.unit.rawValue
        units_per_container = product.unitsPerContainer
        mg_per_ml = product.mgPerMl
        schedule = product.schedule
        created_by = userID?.lowercased
        created_at = Instant.format(now)
        multi_dose = product.multiDose
    }

    func product() throws -> ControlledProduct {
        ControlledProduct(id: try StoredValue.uuid(id), name: name, ndc: ndc, strength: strength, form: form, unit: try StoredValue.enumValue(unit),
                          unitsPerContainer: units_per_container, mgPerMl: mg_per_ml, schedule: schedule, multiDose: multi_dose ?? false)
    }
}

/// The stock_lots row.
struct LotRow: Codable, Sendable {
    var id: String
    var product_id: String
    var lot_number: String
    var expires_on: String
    var supplier_name: String
    var supplier_address: String
    var supplier_dea_number: String
    var invoice_number: String
    var storage_location: String
    var created_by: String?
    var created_at: String
    var site_id: String

    init(_ lot: StockLot, by userID: UUID?, at now: Date) {
        id = lot.id.lowercased
        product_id = lot.productID.lowercased
        lot_number = lot.lotNumber
        expires_on = lot.expiresOn.description
        supplier_name = lot.supplierName
        supplier_address = lot.supplierAddress
        supplier_dea_number = lot.supplierDEANumber
        invoice_number = lot.invoiceNumber
        storage_location = lot.storageLocation
        created_by = userID?.lowercased
        created_at = Instant.format(now)
        site_id = lot.siteID.lowercased
    }

    func lot() throws -> StockLot {
        StockLot(id: try StoredValue.uuid(id), productID: try StoredValue.uuid(product_id), lotNumber: lot_number, expiresOn: try StoredValue.date(expires_on),
                 supplierName: supplier_name, supplierAddress: supplier_address, supplierDEANumber: supplier_dea_number, invoiceNumber: invoice_number,
                 storageLocation: storage_location, siteID: try StoredValue.uuid(site_id))
    }
}

/// The ledger_entries row, column for column.
struct LedgerRow: Codable, Sendable {
    var sequence: Int64
    var id: String
    var kind: String
    var lot_id: String
    var quantity: Double
    var session_id: String?
    var patient_id: String?
    var user_id: String
    var user_name: String
    var witnesses: String
    var note: String?
    var corrects: String?
    var occurred_at: String
    var recorded_at: String
    var previous_hash: String
    var hash: String
    var administered_by: String?

    init(_ entry: LedgerEntry) {
        sequence = entry.sequence
        id = entry.id.lowercased
        kind = entry.kind.rawValue
        lot_id = entry.lotID.lowercased
        quantity = entry.quantity
        session_id = entry.sessionID?.lowercased
        patient_id = entry.patientID?.lowercased
        user_id = entry.userID.lowercased
        user_name = entry.userName
        witnesses = StoredValue.json(entry.witnesses)
        note = entry.note
        corrects = entry.corrects?.lowercased
        occurred_at = Instant.format(entry.occurredAt)
        recorded_at = Instant.format(entry.recordedAt)
        previous_hash = entry.previousHash
        hash = entry.hash
        administered_by = entry.administeredBy.map(StoredValue.json)
    }

    func entry() throws -> LedgerEntry {
        LedgerEntry(id: try StoredValue.uuid(id), sequence: sequence, kind: try StoredValue.enumValue(kind), lotID: try StoredValue.uuid(lot_id),
                    quantity: quantity, sessionID: try session_id.map(StoredValue.uuid), patientID: try patient_id.map(StoredValue.uuid),
                    userID: try StoredValue.uuid(user_id), userName: user_name, administeredBy: try administered_by.map { try StoredValue.decode($0) },
                    witnesses: try StoredValue.decode(witnesses), note: note,
                    corrects: try corrects.map(StoredValue.uuid), occurredAt: try StoredValue.instant(occurred_at),
                    recordedAt: try StoredValue.instant(recorded_at), previousHash: previous_hash, hash: hash)
    }
}
