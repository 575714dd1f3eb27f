import Foundation
import SQLKit
import VigilCore

extension Database {
    /// Adds a product to the ledger's catalogue; its NDC is unique. Audited.
    public func createProduct(_ product: ControlledProduct, by actor: Actor) async throws -> ControlledProduct {
        try await write { tx in
            guard try await tx.sql.select().column("id").from("controlled_products").where("ndc", .equal, product.ndc).first() == nil else {
                throw StorageError.conflict(field: "ndc", message: "is already in the catalogue")
            }
            try await tx.sql.insert(into: "controlled_products").model(ProductRow(product, by: actor.userID, at: tx.now)).run()
            try await tx.audit(AuditRecord(actor, .create, resourceType: "ControlledProduct", resourceID: product.id.lowercased,
                                           detail: "\(product.name) \(product.strength) \(product.form), NDC \(product.ndc), schedule \(product.schedule)"))
            return product
        }
    }

    public func products() async throws -> [ControlledProduct] {
        try await read { sql in try await sql.products() }
    }

    /// Receives a lot and, when a quantity is given, its receipt entry, in one transaction. The lot
    /// number is unique for its product. Audited.
    public func receiveLot(_ lot: StockLot, quantity: Double?, by user: User, actor: Actor, timeZone: TimeZone) async throws -> StockLot {
        try await write { tx in
            let product = try await tx.sql.product(id: lot.productID, field: "productId")
            _ = try await tx.sql.openSite(id: lot.siteID)
            guard try await tx.sql.select().column("id").from("stock_lots").where("product_id", .equal, lot.productID.lowercased)
                .where("lot_number", .equal, lot.lotNumber).where("site_id", .equal, lot.siteID.lowercased).first() == nil else {
                throw StorageError.conflict(field: "lotNumber", message: "lot \(lot.lotNumber) of \(product.name) was already received; record a receipt entry for more")
            }
            try await tx.sql.insert(into: "stock_lots").model(LotRow(lot, by: actor.userID, at: tx.now)).run()
            try await tx.audit(AuditRecord(actor, .create, resourceType: "StockLot", resourceID: lot.id.lowercased,
                                           detail: "lot \(lot.lotNumber) of \(product.name), expires \(lot.expiresOn), invoice \(lot.invoiceNumber) from \(lot.supplierName)"))
            if let quantity {
                let receipt = try LedgerEntryForm(type: LedgerEntry.Kind.receipt.rawValue, lotId: lot.id.uuidString, quantity: quantity).parsed(now: tx.now)
                try await tx.recordEntry(receipt, lot: lot, product: product, witnesses: [], recorder: user, actor: actor, today: CalendarDate(tx.now, in: timeZone))
            }
            return lot
        }
    }

    /// Every lot of a site with its product, by the lot's id.
    public func lotsByID(site: UUID) async throws -> [UUID: (lot: StockLot, product: ControlledProduct)] {
        try await read { sql in
            let products = Dictionary(uniqueKeysWithValues: try await sql.products().map { ($0.id, $0) })
            return Dictionary(uniqueKeysWithValues: try await sql.lots(productID: nil, site: site).compactMap { lot in products[lot.productID].map { (lot.id, (lot, $0)) } })
        }
    }

    /// A site's lots, of one product when given.
    public func lots(productID: UUID? = nil, site: UUID) async throws -> [StockLot] {
        try await read { sql in try await sql.lots(productID: productID, site: site) }
    }

    /// Records a ledger entry under `LedgerRules`, with its witnesses as the caller confirmed them
    /// (their passwords checked before the write: bcrypt is slow on purpose). The entry, any
    /// discrepancy its count opens and the audit event commit together.
    public func recordLedgerEntry(_ form: LedgerEntryForm, witnesses confirmed: [WitnessConfirmation], by user: User, actor: Actor,
                                  timeZone: TimeZone) async throws -> LedgerLine {
        return try await write { tx in
            let entry = try form.parsed(now: tx.now)
            let lot = try await tx.sql.lot(id: entry.lotID, at: actor.workingSite)
            let product = try await tx.sql.product(id: lot.productID, field: "lotId")
            let written = try await tx.recordEntry(entry, lot: lot, product: product, witnesses: confirmed, recorder: user, actor: actor,
                                                   today: CalendarDate(tx.now, in: timeZone))
            return try await tx.sql.lines([written])[0]
        }
    }

    /// Records a count of several lots in one transaction, each witnessed by the same second counter
    /// (confirmed once by the caller); a count that differs from the book opens its discrepancy.
    public func recordCounts(_ counts: [(lotID: UUID, quantity: Double)], note: String?, counter: WitnessConfirmation, by user: User, actor: Actor,
                             timeZone: TimeZone) async throws -> [LedgerLine] {
        try await write { tx in
            var written: [LedgerEntry] = []
            for count in counts {
                let entry = try LedgerEntryForm(type: LedgerEntry.Kind.count.rawValue, lotId: count.lotID.uuidString, quantity: count.quantity, note: note)
                    .parsed(now: tx.now)
                let lot = try await tx.sql.lot(id: count.lotID, at: actor.workingSite)
                written.append(try await tx.recordEntry(entry, lot: lot, product: try await tx.sql.product(id: lot.productID, field: "lotId"),
                                                        witnesses: [counter], recorder: user, actor: actor, today: CalendarDate(tx.now, in: timeZone)))
            }
            return try await tx.sql.lines(written)
        }
    }

    /// Every lot's book balance at a site with its product, and the product totals; lots run out are kept.
    public func ledgerBalances(site: UUID) async throws -> [ProductBalance] {
        try await read { sql in try await sql.balances(site: site) }
    }

    /// One page of the ledger, newest first, audited as a read (administrations name patients).
    public func ledgerLines(_ filter: LedgerFilter, timeZone: TimeZone, by actor: Actor) async throws -> Paged<LedgerLine> {
        try await write { tx in
            let sql = tx.sql
            var productLots: [String]?
            if filter.productID != nil || filter.siteID != nil {
                productLots = try await sql.lots(productID: filter.productID, site: filter.siteID).map(\.id.lowercased)
            }
            func matching(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
                var query = query
                if let id = filter.lotID { query = query.where("lot_id", .equal, id.lowercased) }
                if let productLots { query = query.where("lot_id", .in, productLots.isEmpty ? [""] : productLots) }
                if let id = filter.patientID { query = query.where("patient_id", .equal, id.lowercased) }
                if !filter.kinds.isEmpty { query = query.where("kind", .in, filter.kinds.map(\.rawValue)) }
                if let from = filter.from { query = query.where("occurred_at", .greaterThanOrEqual, Instant.format(from.start(in: timeZone))) }
                if let through = filter.through {
                    query = query.where("occurred_at", .lessThan, Instant.format(through.adding(days: 1).start(in: timeZone)))
                }
                return query
            }
            let total = try await matching(sql.selectCount().from("ledger_entries")).total()
            let entries = try await matching(sql.select().column("*").from("ledger_entries"))
                .orderBy("occurred_at", .descending).orderBy("sequence", .descending)
                .limit(filter.page.size).offset(filter.page.offset).all(decoding: LedgerRow.self).map { try $0.entry() }
            let lines = try await sql.lines(entries)
            try await tx.audit(AuditRecord(actor, .read, resourceType: "LedgerEntry", resourceID: nil, patientID: filter.patientID,
                                           detail: "ledger: \(lines.count) of \(total) entries", patientsShown: lines.compactMap(\.entry.patientID)))
            return Paged(items: lines, page: filter.page, total: total)
        }
    }

    /// Re-computes the ledger's hash chain (see `HashChain.verify`), judged against its latest
    /// checkpoint as `verifyAuditChain` is.
    public func verifyLedgerChain(batchSize: Int = 1000, publicKey: String? = nil, log: [ChainCheckpoint] = []) async throws -> ChainVerdict {
        try await anchoredVerdict(.ledger, batchSize: batchSize, publicKey: publicKey, log: log)
    }

    /// Discrepancies, open first then newest, with their lots.
    public func discrepancies(openOnly: Bool, site: UUID) async throws -> [(discrepancy: Discrepancy, lot: StockLot, product: ControlledProduct)] {
        try await read { sql in
            var query = sql.select().column("*").from("ledger_discrepancies")
            if openOnly { query = query.where(SQLIdentifier("resolution"), .is, SQLLiteral.null) }
            let found = try await query.orderBy("opened_at", .descending).all().map(discrepancy)
            let lots = Dictionary(uniqueKeysWithValues: try await sql.lots(productID: nil, site: site).map { ($0.id, $0) })
            let products = Dictionary(uniqueKeysWithValues: try await sql.products().map { ($0.id, $0) })
            return found.compactMap { item in
                lots[item.lotID].flatMap { lot in products[lot.productID].map { (item, lot, $0) } }
            }.sorted { ($0.0.resolution == nil) && ($1.0.resolution != nil) }
        }
    }

    /// Resolves an open discrepancy: an administrator, with the reason found and — for stock missing —
    /// whether it is a significant loss, which records the loss-or-theft entry in the same
    /// transaction (its DEA deadlines run from the count). Audited.
    public func resolveDiscrepancy(id: UUID, note: String?, significantLoss: Bool?, by user: User, actor: Actor, timeZone: TimeZone)
        async throws -> (discrepancy: Discrepancy, lot: StockLot, product: ControlledProduct) {
        try await write { tx in
            guard let row = try await tx.sql.select().column("*").from("ledger_discrepancies").where("id", .equal, id.lowercased).first() else {
                throw StorageError.notFound("discrepancy")
            }
            var found = try discrepancy(row)
            try found.resolve(note: note, significantLoss: significantLoss, by: user, at: tx.now)
            let lot = try await tx.sql.lot(id: found.lotID, at: actor.workingSite)
            let product = try await tx.sql.product(id: lot.productID, field: "lotId")
            var detail = "resolved on lot \(lot.lotNumber) (difference \(LedgerEntry.canonical(found.difference))): \(found.resolution!.note)"
            if let loss = try found.lossEntry?.parsed(now: tx.now) {
                let entry = try await tx.recordEntry(loss, lot: lot, product: product, witnesses: [], recorder: user, actor: actor,
                                                     today: CalendarDate(tx.now, in: timeZone))
                found.resolution!.lossEntryID = entry.id
                detail += "; significant loss: loss-or-theft entry \(entry.sequence) recorded"
            } else if found.resolution!.significantLoss == false {
                detail += "; not a significant loss"
            }
            try await tx.sql.update("ledger_discrepancies").set("resolution", to: StoredValue.json(found.resolution))
                .set("resolved_by", to: user.id.lowercased).where("id", .equal, id.lowercased).run()
            try await tx.audit(AuditRecord(actor, .update, resourceType: "LedgerDiscrepancy", resourceID: id.lowercased, detail: detail))
            return (found, lot, product)
        }
    }
}

/// A ledger_discrepancies row read back.
private func discrepancy(_ row: any SQLRow) throws -> Discrepancy {
    Discrepancy(id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)),
                    lotID: try StoredValue.uuid(try row.decode(column: "lot_id", as: String.self)),
                    countEntryID: try StoredValue.uuid(try row.decode(column: "count_entry_id", as: String.self)),
                    counted: try row.decode(column: "counted", as: Double.self), book: try row.decode(column: "book", as: Double.self),
                    openedAt: try StoredValue.instant(try row.decode(column: "opened_at", as: String.self)),
                    resolution: try row.decode(column: "resolution", as: String?.self).map { try StoredValue.decode($0) })
}

extension Transaction {
    /// Checks an entry against its lot's book and writes it at the head of the chain, opening a
    /// discrepancy for a count that differs from the book; audited with it.
    @discardableResult
    func recordEntry(_ entry: LedgerEntryForm.Parsed, lot: StockLot, product: ControlledProduct, witnesses: [WitnessConfirmation], recorder: User,
                     actor: Actor, today: CalendarDate, session dose: SessionDose? = nil) async throws -> LedgerEntry {
        if let id = entry.patientID, try await sql.select().column("id").from("patients").where("id", .equal, id.lowercased).first() == nil {
            throw ValidationError("patientId", "is not a patient")
        }
        var dose = dose
        if dose == nil, let id = entry.sessionID {
            guard let session = try await sql.dosingSessions(where: { $0.where("id", .equal, id.lowercased) }).first else {
                throw ValidationError("sessionId", "is not a dosing session")
            }
            guard let recorded = SessionDose(session) else {
                throw ConflictError("sessionId", "the session has no administration recorded yet; record the dose on the session first")
            }
            dose = recorded
        }
        if entry.kind == .administration, let id = entry.sessionID, entry.corrects == nil {
            let drawn = try await sql.select().columns("id", "sequence").from("ledger_entries").where("session_id", .equal, id.lowercased)
                .where("kind", .equal, LedgerEntry.Kind.administration.rawValue).all()
            let corrected: Set<String> = drawn.isEmpty ? [] : Set(try await sql.select().column("corrects").from("ledger_entries")
                .where("corrects", .in, try drawn.map { try $0.decode(column: "id", as: String.self) }).all()
                .map { try $0.decode(column: "corrects", as: String.self) })
            if let first = try drawn.first(where: { !corrected.contains(try $0.decode(column: "id", as: String.self)) }) {
                throw ConflictError("sessionId", "the session's dose was already drawn from the ledger (entry \(try first.decode(column: "sequence", as: Int64.self))); correct that entry instead")
            }
        }
        let book = LedgerBook(entries: try await sql.select().column("*").from("ledger_entries").where("lot_id", .equal, lot.id.lowercased)
            .orderBy("sequence").all(decoding: LedgerRow.self).map { try $0.entry() })
        let people = try LedgerRules.check(entry, lot: lot, product: product, book: book, recorder: recorder, witnesses: witnesses, session: dose, today: today)
        let named = people.witnesses
        let written = try await append(ledger: [LedgerEntry(
            id: NewID.make(), sequence: 0, kind: entry.kind, lotID: lot.id, quantity: entry.quantity, sessionID: entry.sessionID,
            patientID: entry.patientID, userID: recorder.id, userName: recorder.name, administeredBy: people.administeredBy, witnesses: named,
            note: entry.note, corrects: entry.corrects, occurredAt: entry.occurredAt, recordedAt: now, previousHash: "")])[0]
        var detail = "\(entry.kind.rawValue) of \(product.shown(entry.quantity)) \(product.name), lot \(lot.lotNumber)"
        if let giver = people.administeredBy, giver.id != recorder.id { detail += "; administered by \(giver.name)" }
        if !named.isEmpty { detail += "; witnessed by " + named.map(\.name).joined(separator: ", ") }
        if let corrected = entry.corrects { detail += "; corrects \(corrected.lowercased)" }
        if let opened = Discrepancy.opened(by: written, book: book.balance(adding: 0, correcting: entry.corrects)) {
            try await sql.insert(into: "ledger_discrepancies").columns("id", "lot_id", "count_entry_id", "counted", "book", "opened_at")
                .values(SQLBind(opened.id.lowercased), SQLBind(lot.id.lowercased), SQLBind(written.id.lowercased), SQLBind(opened.counted),
                        SQLBind(opened.book), SQLBind(Instant.format(opened.openedAt)))
                .run()
            detail += "; discrepancy opened: counted \(product.shown(opened.counted)), book \(product.shown(opened.book))"
        }
        try await audit(AuditRecord(actor, .create, resourceType: "LedgerEntry", resourceID: written.id.lowercased, patientID: entry.patientID, detail: detail))
        return written
    }
}

extension Transaction {
    /// Writes entries at the head of the ledger's chain, in order: each is given its sequence number,
    /// the hash it links to and its own hash here (`sequence`, `previousHash` and `hash` as drafted
    /// are ignored). Checking them against their lots' books is the caller's: `recordEntry` for the
    /// clinic's entries; `vigil seed` keeps its synthetic books whole.
    public func append(ledger drafts: [LedgerEntry]) async throws -> [LedgerEntry] {
        var (sequence, previousHash) = try await HashChain.ledger.next(in: sql)
        var written: [LedgerEntry] = []
        written.reserveCapacity(drafts.count)
        for draft in drafts {
            var entry = LedgerEntry(id: draft.id, sequence: sequence, kind: draft.kind, lotID: draft.lotID, quantity: draft.quantity,
                                    sessionID: draft.sessionID, patientID: draft.patientID, userID: draft.userID, userName: draft.userName,
                                    administeredBy: draft.administeredBy, witnesses: draft.witnesses, note: draft.note, corrects: draft.corrects,
                                    occurredAt: draft.occurredAt, recordedAt: draft.recordedAt, previousHash: previousHash)
            entry.hash = Digest.sha256Hex(entry.canonicalContent)
            written.append(entry)
            previousHash = entry.hash
            sequence += 1
        }
        try await insertModels(written.map(LedgerRow.init), into: "ledger_entries", columns: 17, on: sql)
        return written
    }
}

extension HashChain {
    static let ledger = HashChain(name: "ledger", table: "ledger_entries", noun: "entry", plural: "entries") { try $0.decode(model: LedgerRow.self).entry() }
}

extension SQLDatabase {
    func balances(site: UUID) async throws -> [ProductBalance] {
        let products = try await products()
        let lots = try await lots(productID: nil, site: site)
        let entries = try await select().column("*").from("ledger_entries")
            .where("lot_id", .in, SQLSubquery.select { $0.column("id").from("stock_lots").where("site_id", .equal, site.lowercased) })
            .orderBy("sequence").all(decoding: LedgerRow.self).map { try $0.entry() }
        let byLot = Dictionary(grouping: entries, by: \.lotID)
        let open = try await select().column("lot_id").from("ledger_discrepancies").where(SQLIdentifier("resolution"), .is, SQLLiteral.null)
            .all().map { try $0.decode(column: "lot_id", as: String.self) }
        return products.map { product in
            ProductBalance(product: product, lots: lots.filter { $0.productID == product.id }.map { lot in
                LotBalance(lot: lot, product: product, units: LedgerBook(entries: byLot[lot.id] ?? []).balance,
                           openDiscrepancies: open.filter { $0 == lot.id.lowercased }.count)
            })
        }
    }

    func products() async throws -> [ControlledProduct] {
        try await select().column("*").from("controlled_products").orderBy("name").orderBy("ndc").all(decoding: ProductRow.self).map { try $0.product() }
    }

    func product(id: UUID, field: String) async throws -> ControlledProduct {
        guard let row = try await select().column("*").from("controlled_products").where("id", .equal, id.lowercased).first(decoding: ProductRow.self) else {
            throw ValidationError(field, "is not a product in the catalogue")
        }
        return try row.product()
    }

    /// Lots of a product, of a site, or both; every lot when neither is given.
    func lots(productID: UUID?, site: UUID? = nil) async throws -> [StockLot] {
        var query = select().column("*").from("stock_lots")
        if let productID { query = query.where("product_id", .equal, productID.lowercased) }
        if let site { query = query.where("site_id", .equal, site.lowercased) }
        return try await query.orderBy("expires_on").orderBy("lot_number").all(decoding: LotRow.self).map { try $0.lot() }
    }

    func lot(id: UUID) async throws -> StockLot {
        guard let row = try await select().column("*").from("stock_lots").where("id", .equal, id.lowercased).first(decoding: LotRow.self) else {
            throw ValidationError("lotId", "is not a lot that was received")
        }
        return try row.lot()
    }

    /// A lot of `site`'s stock: a lot of another site's book is refused (its records are that
    /// registration's, 21 CFR 1304.04).
    func lot(id: UUID, at site: UUID) async throws -> StockLot {
        let lot = try await lot(id: id)
        guard lot.siteID == site else { throw ValidationError("lotId", "is a lot of another site's stock; work at that site to record it") }
        return lot
    }

    /// Entries with their lots, products, patients and correcting entries.
    func lines(_ entries: [LedgerEntry]) async throws -> [LedgerLine] {
        guard !entries.isEmpty else { return [] }
        let lots = Dictionary(uniqueKeysWithValues: try await lots(productID: nil).map { ($0.id, $0) })
        let products = Dictionary(uniqueKeysWithValues: try await products().map { ($0.id, $0) })
        let patientIDs = Set(entries.compactMap(\.patientID)).map(\.lowercased)
        var patients: [String: (name: String, address: String?)] = [:]
        if !patientIDs.isEmpty {
            for row in try await select().columns("id", "given_name", "family_name", "address").from("patients").where("id", .in, patientIDs).all() {
                patients[try row.decode(column: "id", as: String.self)] = (
                    "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))",
                    try row.decode(column: "address", as: String?.self))
            }
        }
        let ids = entries.map(\.id.lowercased)
        var correctedBy: [String: UUID] = [:]
        for row in try await select().columns("id", "corrects").from("ledger_entries").where("corrects", .in, ids).all() {
            correctedBy[try row.decode(column: "corrects", as: String.self)] = try StoredValue.uuid(try row.decode(column: "id", as: String.self))
        }
        let opened = Dictionary(uniqueKeysWithValues: try await select().column("*").from("ledger_discrepancies").where("count_entry_id", .in, ids).all()
            .map(discrepancy).map { ($0.countEntryID, $0) })
        return try entries.map { entry in
            guard let lot = lots[entry.lotID], let product = products[lot.productID] else { throw StorageError.notFound("lot of entry \(entry.sequence)") }
            let patient = entry.patientID.flatMap { patients[$0.lowercased] }
            return LedgerLine(entry: entry, lot: lot, product: product, patientName: patient?.name, patientAddress: patient?.address ?? nil,
                              correctedBy: correctedBy[entry.id.lowercased], discrepancy: opened[entry.id])
        }
    }
}
