import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The controlled-substance ledger: products, lots, the append-only journal, balances, its chain
/// check and the discrepancies counts open.
struct LedgerAPI {
    static let products = Endpoint(.get, "/api/v1/inventory/products", .api, .permission(.viewLedger),
                                   "The controlled-substance products the ledger counts", .init(response: "ProductList"))
    static let addProduct = Endpoint(.post, "/api/v1/inventory/products", .api, .permission(.recordLedger),
                                     "Add a product: name, NDC, strength, form, unit (mg or device), units per container, mg/mL for vials, DEA schedule",
                                     .init(request: "NewProduct", status: 201, response: "Product"))
    static let lots = Endpoint(.get, "/api/v1/inventory/lots", .api, .permission(.viewLedger), "Lots received, soonest expiry first",
                               .init(response: "LotList", query: [QueryParameter("productId", "string", format: "uuid", "Only lots of this product"), .site]))
    static let receiveLot = Endpoint(.post, "/api/v1/inventory/lots", .api, .permission(.recordLedger),
                                     "Receive a lot into your site's stock (supplier name, address and DEA number, invoice, safe); with quantity, its receipt entry too",
                                     .init(request: "NewLot", status: 201, response: "Lot"))
    static let entries = Endpoint(.get, "/api/v1/inventory/entries", .api, .permission(.viewLedger),
                                  "Ledger entries, newest first, by product, lot, patient, type and date",
                                  .init(response: "LedgerEntryPage", query: filterQuery + UsersAPI.pageQuery + [.site]))
    static let record = Endpoint(.post, "/api/v1/inventory/entries", .api, .permission(.recordLedger),
                                 "Record a receipt, administration, waste (1 witness), destruction (2 witnesses), transfer, count, adjustment or loss-or-theft; a correction names the entry it corrects",
                                 .init(request: "NewLedgerEntry", status: 201, response: "LedgerEntry"))
    static let balances = Endpoint(.get, "/api/v1/inventory/balances", .api, .permission(.viewLedger),
                                   "Book balance per product and lot: units, containers, and mg and mL for vials; expiry warnings",
                                   .init(response: "BalanceList", query: [.site]))
    static let verify = Endpoint(.get, "/api/v1/inventory/ledger/verify", .api, .permission(.viewLedger),
                                 "Re-compute the ledger's hash chain", .init(response: "ChainVerdict"))
    static let discrepancies = Endpoint(.get, "/api/v1/inventory/discrepancies", .api, .permission(.viewLedger),
                                        "Counts that differed from the book, open first",
                                        .init(response: "DiscrepancyList", query: [QueryParameter("status", "string", "`open` (default) or `all`"), .site]))
    static let resolve = Endpoint(.post, "/api/v1/inventory/discrepancies/{id}/resolve", .api, .permission(.resolveDiscrepancies),
                                  "Resolve a discrepancy with the reason found; for stock missing, say whether it is a significant loss (yes records the loss-or-theft entry and its DEA deadlines)",
                                  .init(request: "DiscrepancyResolution", response: "Discrepancy"))
    static let inventories = Endpoint(.get, "/api/v1/inventory/physical-inventories", .api, .permission(.viewLedger),
                                      "Physical inventories taken (initial and biennial), newest first, and when the next is due",
                                      .init(response: "PhysicalInventoryList", query: [.site]))
    static let takeInventory = Endpoint(.post, "/api/v1/inventory/physical-inventories", .api, .permission(.recordLedger),
                                        "Take a physical inventory: every lot on hand counted (unopened containers exactly, an opened one by estimate), signed with your password",
                                        .init(request: "NewPhysicalInventory", status: 201, response: "PhysicalInventory"))
    static let transfer = Endpoint(.post, "/api/v1/inventory/transfers", .api, .permission(.recordLedger),
                                   "Transfer stock from a lot of your site to another site: a transfer entry out here and a receipt there, each naming the other registrant",
                                   .init(request: "NewSiteTransfer", status: 201, response: "SiteTransfer"))

    static let filterQuery = [
        QueryParameter("productId", "string", format: "uuid", "Only entries of this product's lots"),
        QueryParameter("lotId", "string", format: "uuid", "Only entries of this lot"),
        QueryParameter("patientId", "string", format: "uuid", "Only entries naming this patient"),
        QueryParameter("type", "string", "Comma-separated types: \(LedgerEntry.Kind.allCases.map(\.rawValue).joined(separator: ", "))"),
        QueryParameter("from", "string", format: "date", "Entries on or after this day (the site's time zone)"),
        QueryParameter("through", "string", format: "date", "Entries on or before this day (the site's time zone)"),
    ]

    struct ResolutionBody: Decodable, Sendable {
        let note: String?
        let significantLoss: Bool?
    }

    let database: Database
    let anchor: ChainAnchor?
    let authenticator: Authenticator
    let calendar: ClinicCalendar

    func register(on router: inout EndpointRouter) {
        router.add(Self.products) { _, _ in try .json(ListDTO(items: try await database.products().map(ProductDTO.init))) }
        router.add(Self.addProduct) { request, context in
            var request = request
            let product = try await request.decodeJSON(ControlledProductForm.self, context: context).checked()
            return try .json(ProductDTO(try await database.createProduct(product, by: context.actor)), status: .created)
        }
        router.add(Self.lots) { request, context in
            let filter = try Self.filter(request, context: context)
            return try .json(ListDTO(items: try await database.lots(productID: filter.productID, site: context.siteID).map(LotDTO.init)))
        }
        router.add(Self.receiveLot) { request, context in
            var request = request
            let body = try await request.decodeJSON(LotReceiptBody.self, context: context)
            let lot = try await receive(body.lot, quantity: body.quantity, context: context)
            return try .json(LotDTO(lot), status: .created)
        }
        router.add(Self.entries) { request, context in
            let lines = try await database.ledgerLines(try Self.filter(request, context: context), timeZone: calendar.timeZone, by: context.actor)
            let today = calendar.today
            return try .json(PageDTO(lines) { LedgerEntryDTO($0, timeZone: calendar.timeZone, today: today) })
        }
        router.add(Self.record) { request, context in
            var request = request
            let line = try await record(try await request.decodeJSON(LedgerEntryForm.self, context: context), context: context)
            return try .json(LedgerEntryDTO(line, timeZone: calendar.timeZone, today: calendar.today), status: .created)
        }
        router.add(Self.balances) { _, context in
            let today = calendar.today
            return try .json(ListDTO(items: try await database.ledgerBalances(site: context.siteID).map { BalanceDTO($0, today: today) }))
        }
        router.add(Self.verify) { _, context in try .json(ChainVerdictDTO(try await verifyChain(context: context))) }
        router.add(Self.discrepancies) { request, context in
            let status = request.uri.queryParameters["status"].map(String.init) ?? "open"
            guard ["open", "all"].contains(status) else { throw ValidationError("status", "must be open or all") }
            let found = try await database.discrepancies(openOnly: status == "open", site: context.siteID)
            let today = calendar.today
            return try .json(ListDTO(items: found.map {
                DiscrepancyDTO($0.discrepancy, lot: $0.lot, product: $0.product, timeZone: calendar.timeZone, today: today)
            }))
        }
        router.add(Self.resolve) { request, context in
            var request = request
            let body = try await request.decodeJSON(ResolutionBody.self, context: context)
            let resolved = try await database.resolveDiscrepancy(id: try context.uuidParameter("id"), note: body.note, significantLoss: body.significantLoss,
                                                                 by: context.identity!.user, actor: context.actor, timeZone: calendar.timeZone)
            return try .json(DiscrepancyDTO(resolved.discrepancy, lot: resolved.lot, product: resolved.product, timeZone: calendar.timeZone,
                                            today: calendar.today))
        }
        router.add(Self.inventories) { _, context in
            let taken = try await database.physicalInventories(site: context.siteID)
            let lots = try await database.lotsByID(site: context.siteID)
            let due = InventoryDue(latest: taken.first, today: calendar.today)
            return try .json(PhysicalInventoryListDTO(items: taken.map { PhysicalInventoryDTO($0, lots: lots) }, nextDueBy: due.dueBy?.description,
                                                      overdue: due.overdue, due: due.reason))
        }
        router.add(Self.takeInventory) { request, context in
            var request = request
            let inventory = try await takeInventory(try await request.decodeJSON(PhysicalInventoryForm.self, context: context), context: context)
            return try .json(PhysicalInventoryDTO(inventory, lots: try await database.lotsByID(site: context.siteID)), status: .created)
        }
        router.add(Self.transfer) { request, context in
            var request = request
            let moved = try await transfer(try await request.decodeJSON(SiteTransferForm.self, context: context), context: context)
            let today = calendar.today
            return try .json(SiteTransferDTO(out: LedgerEntryDTO(moved.out, timeZone: calendar.timeZone, today: today),
                                             in: LedgerEntryDTO(moved.in, timeZone: calendar.timeZone, today: today)), status: .created)
        }
    }

    /// Transfers stock to another site; shared with the page.
    func transfer(_ form: SiteTransferForm, context: VigilContext) async throws -> (out: LedgerLine, in: LedgerLine) {
        try await database.transfer(form, by: context.identity!.user, actor: context.actor, timeZone: calendar.timeZone)
    }

    /// The query's filter, of the request's site.
    static func filter(_ request: Request, context: VigilContext) throws -> LedgerFilter {
        var filter = try LedgerFilter(query: values(request))
        filter.siteID = context.siteID
        return filter
    }

    /// Takes a physical inventory, its form checked before the passwords' bcrypt runs.
    func takeInventory(_ form: PhysicalInventoryForm, context: VigilContext) async throws -> PhysicalInventory {
        let user = context.identity!.user
        _ = try form.checked(lots: try await database.ledgerBalances(site: context.siteID).flatMap(\.lots))
        let signer = try await authenticator.confirmSignature(of: user, password: form.password, actor: context.actor)
        let counter = try await authenticator.confirmWitness(form.witness!, actor: context.actor)
        return try await database.takeInventory(form, signer: signer, counter: counter, by: user, actor: context.actor, timeZone: calendar.timeZone)
    }

    /// Records the end-of-day count of several lots with one second counter, whose password is
    /// checked once (the witness's own email and password, as for waste).
    func recordCounts(_ counts: [(lotID: UUID, quantity: Double)], note: String?, counter: LedgerEntryForm.WitnessCredentials, context: VigilContext)
        async throws -> [LedgerLine] {
        var validator = Validator()
        validator.check(!counts.isEmpty, "count", "enter what you counted for at least one lot")
        validator.check(!(counter.email ?? "").isEmpty && !(counter.password ?? "").isEmpty, "witness",
                        "is required: a second clinician counts with you and confirms with their email and password")
        try validator.finish()
        let confirmed = try await authenticator.confirmWitness(counter, actor: context.actor)
        return try await database.recordCounts(counts, note: note, counter: confirmed, by: context.identity!.user, actor: context.actor,
                                               timeZone: calendar.timeZone)
    }


    /// Receives a lot, with its receipt entry when a quantity is given.
    func receive(_ form: StockLotForm, quantity: Double?, context: VigilContext) async throws -> StockLot {
        try await database.receiveLot(try form.checked(site: context.siteID), quantity: quantity, by: context.identity!.user, actor: context.actor, timeZone: calendar.timeZone)
    }

    /// Records an entry; a kind the role may not record (an adjustment by a nurse) is refused with 403 and audited.
    func record(_ form: LedgerEntryForm, context: VigilContext) async throws -> LedgerLine {
        let user = context.identity!.user
        if let refusal = form.type.flatMap(LedgerEntry.Kind.init(rawValue:))?.refusal(for: user.role) {
            try await database.audit(AuditRecord(context.actor, .create, .denied, resourceType: "LedgerEntry", detail: refusal))
            throw Problem(.forbidden, "Your role (\(user.role.rawValue)) may not record this entry: \(refusal).")
        }
        let witnesses = try await authenticator.confirmWitnesses(of: form, actor: context.actor)
        return try await database.recordLedgerEntry(form, witnesses: witnesses, by: user, actor: context.actor, timeZone: calendar.timeZone)
    }

    /// Re-computes the chain, audited as a check run.
    func verifyChain(context: VigilContext) async throws -> ChainVerdict {
        let verdict = try await database.verifyLedgerChain(anchoredBy: anchor)
        try await database.audit(AuditRecord(context.actor, .execute, resourceType: "Ledger",
                                             detail: "chain verification: \(verdict.intact ? "intact" : "broken")"))
        return verdict
    }

    static func values(_ request: Request) -> [String: String] {
        Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first })
    }
}
