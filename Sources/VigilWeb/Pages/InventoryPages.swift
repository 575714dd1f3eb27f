import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The controlled-substance pages: the stock overview with expiry warnings, receiving stock, one
/// form for every entry (the witness confirms on the same screen), the end-of-day count and the
/// discrepancy queue.
struct InventoryPages {
    let database: Database
    let ledger: LedgerAPI
    let calendar: ClinicCalendar
    let pages: PageRenderer

    struct LotRow {
        let id: String
        let label: String
        let lotNumber: String
        let expiresOn: String
        let balance: String
        let containers: String
        let location: String
        let warning: String?
        let discrepancies: String?
        let ledgerLink: String
        let entryLink: String
    }

    struct ProductRow {
        let name: String
        let detail: String
        let balance: String
        let lots: [LotRow]
    }

    struct Overview {
        let shell: Shell
        let message: String?
        let products: [ProductRow]
        let warnings: [String]
        let openDiscrepancies: Int
        /// When the next physical inventory is due; `inventoryAlert` when overdue or within the warning days.
        let inventoryDue: String
        let inventoryAlert: Bool
        let mayRecord: Bool
        let reports: [SelectOption]
        let links: [String: String]
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.inventory) { request, context in
            let today = calendar.today
            let balances = try await database.ledgerBalances(site: context.siteID)
            let due = InventoryDue(latest: try await database.physicalInventories(site: context.siteID).first, today: today)
            let rows = balances.map { product in
                ProductRow(name: product.product.name,
                           detail: "\(product.product.strength), \(product.product.form) · NDC \(product.product.ndc) · schedule \(product.product.schedule)",
                           balance: product.product.shown(product.units), lots: product.lots.map { lotRow($0, today: today) })
            }
            let view = Overview(
                shell: Shell(title: "Controlled substances", context: context, current: PageEndpoints.inventory.path),
                message: request.uri.queryParameters["done"].map(String.init), products: rows,
                warnings: [try context.workingSite().registrationWarning(today: today)].compactMap { $0 }
                    + balances.flatMap(\.lots).compactMap { lot in lotRow(lot, today: today).warning.map { "Lot \(lot.lot.lotNumber) (\(lot.product.name)): \($0)" } },
                openDiscrepancies: try await database.discrepancies(openOnly: true, site: context.siteID).count,
                inventoryDue: due.reason, inventoryAlert: due.overdue || due.soon,
                mayRecord: context.identity!.user.role.may(.recordLedger),
                reports: LedgerReport.Kind.allCases.map { SelectOption(value: PageEndpoints.ledgerReport.link($0.rawValue), label: $0.title, selected: false) },
                links: ["receive": PageEndpoints.receiveStock.link(), "entry": PageEndpoints.ledgerEntry.link(), "count": PageEndpoints.stockCount.link(), "physical": PageEndpoints.physicalInventory.link(), "transfer": PageEndpoints.transfer.link(),
                        "discrepancies": PageEndpoints.discrepancies.link(), "ledger": PageEndpoints.ledger.link()])
            return pages.page("inventory", view)
        }
        registerReceiving(on: &router)
        registerEntries(on: &router)
        registerCounts(on: &router)
        registerPhysicalInventory(on: &router)
        registerTransfers(on: &router)
    }

    func lotRow(_ lot: LotBalance, today: CalendarDate) -> LotRow {
        let days = today.days(to: lot.lot.expiresOn)
        let warning: String? = switch lot.expiryBand(today: today) {
        case 0: "expired on \(lot.lot.expiresOn); not to be administered — destroy with two witnesses"
        case let band?: "expires on \(lot.lot.expiresOn), in \(days) day\(days == 1 ? "" : "s") (within \(band))"
        case nil: nil
        }
        let id = lot.lot.id.lowercased
        return LotRow(id: id, label: "\(lot.product.name) \(lot.product.strength) — lot \(lot.lot.lotNumber), holds \(lot.product.shown(lot.units))",
                      lotNumber: lot.lot.lotNumber, expiresOn: lot.lot.expiresOn.description, balance: lot.product.shown(lot.units),
                      containers: "\(Dose.formatted(lot.containers)) × \(lot.product.form)", location: lot.lot.storageLocation, warning: warning,
                      discrepancies: lot.openDiscrepancies == 0 ? nil : "\(lot.openDiscrepancies) open discrepanc\(lot.openDiscrepancies == 1 ? "y" : "ies")", ledgerLink: PageEndpoints.ledger.link(query: ["lotId": id]),
                      entryLink: PageEndpoints.ledgerEntry.link(query: ["lotId": id]))
    }

    /// The lots to choose from, soonest expiry first, with what each holds.
    func lotOptions(selected: String?, context: VigilContext) async throws -> [SelectOption] {
        let today = calendar.today
        return try await database.ledgerBalances(site: context.siteID).flatMap(\.lots).sorted { $0.lot.expiresOn < $1.lot.expiresOn }.map {
            let row = lotRow($0, today: today)
            return SelectOption(value: row.id, label: row.label + (row.warning.map { " — \($0)" } ?? ""), selected: row.id == selected)
        }
    }

    // MARK: Receiving

    struct Receiving {
        let shell: Shell
        let message: String?
        let products: [SelectOption]
        let units: [SelectOption]
        let form: [String: String]
        let errors: [FieldError]
        let productErrors: [FieldError]
        let action: String
        let productAction: String
    }

    func registerReceiving(on router: inout EndpointRouter) {
        router.add(PageEndpoints.receiveStock) { request, context in
            try await receiving(context: context, form: FormBody(values: [:]), message: request.uri.queryParameters["done"].map(String.init))
        }
        router.add(PageEndpoints.submitReceipt) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            return try await FormBody.submit(form, { form in
                var validator = Validator()
                let containers = form.number("containers", into: &validator)
                validator.check(containers.map { $0 > 0 && $0 == $0.rounded() } ?? false, "containers", "must be a whole number of containers above 0")
                try validator.finish()
                let product = try await database.products().first { $0.id.lowercased == form["productId"] }
                guard let product else { throw ValidationError("productId", "choose a product") }
                let lotForm = StockLotForm(productId: form["productId"], lotNumber: form["lotNumber"], expiresOn: form["expiresOn"],
                                           supplierName: form["supplierName"], supplierAddress: form["supplierAddress"],
                                           supplierDeaNumber: form["supplierDeaNumber"], invoiceNumber: form["invoiceNumber"],
                                           storageLocation: form["storageLocation"])
                let quantity = containers! * product.unitsPerContainer
                let lot = try await ledger.receive(lotForm, quantity: quantity, context: context)
                return ("Received lot \(lot.lotNumber): \(Dose.formatted(containers!)) × \(product.form), \(product.shown(quantity)).",
                        PageEndpoints.inventory.link())
            }) { errors in
                try await receiving(context: context, form: form, errors: errors, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.addProduct) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            return try await FormBody.submit(form, { form in
                var validator = Validator()
                let perContainer = form.number("unitsPerContainer", into: &validator)
                let mgPerMl = form.number("mgPerMl", into: &validator)
                try validator.finish()
                let product = try ControlledProductForm(name: form["name"], ndc: form["ndc"], strength: form["strength"], form: form["form"], unit: form["unit"],
                                                        unitsPerContainer: perContainer, mgPerMl: mgPerMl, schedule: form["schedule"],
                                                        multiDose: form["multiDose"] == "yes").checked()
                _ = try await database.createProduct(product, by: context.actor)
                return ("Added \(product.name) \(product.strength), \(product.form).", PageEndpoints.receiveStock.link())
            }) { errors in
                try await receiving(context: context, form: form, productErrors: errors, status: .unprocessableContent)
            }
        }
    }

    private func receiving(context: VigilContext, form: FormBody, message: String? = nil, errors: [FieldError] = [], productErrors: [FieldError] = [],
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let products = try await database.products().map {
            SelectOption(value: $0.id.lowercased, label: "\($0.name) \($0.strength), \($0.form) (NDC \($0.ndc))", selected: $0.id.lowercased == form["productId"])
        }
        var values = form.values
        values["schedule"] = values["schedule"] ?? "III"
        values["storageLocation"] = values["storageLocation"] ?? "Safe A"
        let view = Receiving(shell: Shell(title: "Receive stock", context: context, current: PageEndpoints.inventory.path), message: message,
                             products: products, units: SelectOption.all(ControlledProduct.Unit.self, selected: form["unit"].flatMap(ControlledProduct.Unit.init)),
                             form: values, errors: errors, productErrors: productErrors, action: PageEndpoints.submitReceipt.link(),
                             productAction: PageEndpoints.addProduct.link())
        return pages.page("inventory-receive", view, status: status)
    }

    // MARK: Entries

    struct EntryView {
        let shell: Shell
        let types: [SelectOption]
        let lots: [SelectOption]
        let form: [String: String]
        let patientName: String?
        let correcting: String?
        let errors: [FieldError]
        let action: String
        let inventoryLink: String
    }

    func registerEntries(on router: inout EndpointRouter) {
        router.add(PageEndpoints.ledgerEntry) { request, context in
            let query = LedgerAPI.values(request)
            return try await entryPage(context: context, form: FormBody(values: query))
        }
        router.add(PageEndpoints.recordEntry) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            return try await FormBody.submit(form, { form in
                var validator = Validator()
                let quantity = form.number("quantity", into: &validator)
                try validator.finish()
                func nonEmpty(_ name: String) -> String? { form[name].flatMap { $0.isEmpty ? nil : $0 } }
                let witnesses = ["witness1", "witness2"].compactMap { name -> LedgerEntryForm.WitnessCredentials? in
                    guard let email = nonEmpty("\(name)Email") else { return nil }
                    return .init(email: email, password: form["\(name)Password"])
                }
                let entry = LedgerEntryForm(type: form["type"], lotId: form["lotId"], quantity: quantity, sessionId: nonEmpty("sessionId"),
                                            patientId: nonEmpty("patientId"), witnesses: witnesses, note: nonEmpty("note"), corrects: nonEmpty("corrects"))
                let line = try await ledger.record(entry, context: context)
                var message = "Recorded \(line.entry.kind.title.lowercased()) of \(line.product.shown(line.entry.quantity)) from lot \(line.lot.lotNumber)"
                if !line.entry.witnesses.isEmpty { message += ", witnessed by " + line.entry.witnesses.map(\.name).joined(separator: " and ") }
                if line.entry.kind == .lossOrTheft {
                    message += ". " + LossDeadlines(discoveredAt: line.entry.occurredAt, timeZone: calendar.timeZone).reasons(today: calendar.today).joined(separator: " ")
                }
                // Back to the session the entry came from; only a session page, never another site.
                let back = nonEmpty("returnTo").flatMap { $0.hasPrefix("/sessions/") && !$0.contains("//") ? $0 : nil }
                return (message + ".", back ?? PageEndpoints.inventory.link())
            }) { errors in
                var values = form.values
                for name in ["witness1Password", "witness2Password"] { values[name] = nil }
                return try await entryPage(context: context, form: FormBody(values: values), errors: errors, status: .unprocessableContent)
            }
        }
    }

    private func entryPage(context: VigilContext, form: FormBody, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let role = context.identity!.user.role
        let kinds = LedgerEntry.Kind.allCases.filter { $0 != .count && $0.refusal(for: role) == nil }
        var patientName: String?
        if let id = form["patientId"].flatMap(UUID.init(uuidString:)) {
            patientName = try await database.patientFile(id: id, parts: [], by: context.actor).patient.fullName
        }
        let view = EntryView(
            shell: Shell(title: "Record a ledger entry", context: context, current: PageEndpoints.inventory.path),
            types: kinds.map { SelectOption(value: $0.rawValue, label: $0.title, selected: $0.rawValue == (form["type"] ?? "waste")) },
            lots: try await lotOptions(selected: form["lotId"], context: context), form: form.values, patientName: patientName,
            correcting: form["corrects"].flatMap { $0.isEmpty ? nil : $0 }, errors: errors, action: PageEndpoints.recordEntry.link(),
            inventoryLink: PageEndpoints.inventory.link())
        return pages.page("inventory-entry", view, status: status)
    }

    // MARK: Counts and discrepancies

    struct CountRow {
        let id: String
        let label: String
        let unit: String
        let value: String?
    }

    struct CountView {
        let shell: Shell
        let lots: [CountRow]
        let form: [String: String]
        let errors: [FieldError]
        let action: String
    }

    struct DiscrepancyRow {
        let id: String
        let opened: String
        let product: String
        let lot: String
        let counted: String
        let book: String
        let difference: String
        /// Stock missing: the resolution asks whether it is a significant loss.
        let missing: Bool
        let resolution: String?
        let action: String
    }

    struct DiscrepancyView {
        let shell: Shell
        let message: String?
        let open: [DiscrepancyRow]
        let resolved: [DiscrepancyRow]
        let mayResolve: Bool
        let significanceFactors: [String]
        let errors: [FieldError]
    }

    func registerCounts(on router: inout EndpointRouter) {
        router.add(PageEndpoints.stockCount) { _, context in try await countPage(context: context, form: FormBody(values: [:])) }
        router.add(PageEndpoints.submitCount) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            return try await FormBody.submit(form, { form in
                let lots = try await database.ledgerBalances(site: context.siteID).flatMap(\.lots)
                var validator = Validator()
                let counts = lots.compactMap { lot in form.number("count.\(lot.lot.id.lowercased)", into: &validator).map { (lotID: lot.lot.id, quantity: $0) } }
                try validator.finish()
                let lines = try await ledger.recordCounts(counts, note: form["note"].flatMap { $0.isEmpty ? nil : $0 },
                                                          counter: .init(email: form["witnessEmail"], password: form["witnessPassword"]), context: context)
                let differ = lines.compactMap { line in
                    line.discrepancy.map { "lot \(line.lot.lotNumber): counted \(line.product.shown($0.counted)), book \(line.product.shown($0.book))" }
                }
                let with = lines.first?.entry.witnesses.first?.name ?? ""
                let summary = "Counted \(lines.count) lot(s) with \(with): " + (differ.isEmpty ? "every count matches the book."
                    : "\(differ.count) differ from the book, each opens a discrepancy — " + differ.joined(separator: "; ")
                        + ". An administrator resolves each and says whether stock missing is a significant loss.")
                return (summary, differ.isEmpty ? PageEndpoints.inventory.link() : PageEndpoints.discrepancies.link())
            }) { errors in
                var values = form.values
                values["witnessPassword"] = nil
                return try await countPage(context: context, form: FormBody(values: values), errors: errors, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.discrepancies) { request, context in
            try await discrepancyPage(context: context, message: request.uri.queryParameters["done"].map(String.init))
        }
        router.add(PageEndpoints.resolveDiscrepancy) { request, context in
            let id = try context.uuidParameter("id")
            return try await FormBody.submit(request, context, returningTo: PageEndpoints.discrepancies.link(), { form in
                let significant = form.yesOrNo("significantLoss")
                let resolved = try await database.resolveDiscrepancy(id: id, note: form["note"], significantLoss: significant, by: context.identity!.user,
                                                                     actor: context.actor, timeZone: calendar.timeZone)
                var message = "Resolved: \(resolved.discrepancy.resolution!.note)"
                if significant == true {
                    message += ". Recorded as a significant loss of \(resolved.product.shown(resolved.discrepancy.missing)) from lot \(resolved.lot.lotNumber). "
                        + LossDeadlines(discoveredAt: resolved.discrepancy.openedAt, timeZone: calendar.timeZone).reasons(today: calendar.today).joined(separator: " ")
                }
                return message
            }) { errors in try await discrepancyPage(context: context, errors: errors, status: .unprocessableContent) }
        }
    }

    private func countPage(context: VigilContext, form: FormBody, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        // Blind: the rows name each lot, never what the book says it holds (clinic-day issue, finding 8).
        let lots = try await database.ledgerBalances(site: context.siteID).flatMap(\.lots).filter { $0.units > 0 || $0.openDiscrepancies > 0 }.map { lot in
            CountRow(id: lot.lot.id.lowercased, label: "\(lot.product.name) \(lot.product.strength), \(lot.product.form) — lot \(lot.lot.lotNumber), \(lot.lot.storageLocation)",
                     unit: lot.product.unit == .device ? "devices" : "mg", value: form["count.\(lot.lot.id.lowercased)"])
        }
        let view = CountView(shell: Shell(title: "End-of-day count", context: context, current: PageEndpoints.inventory.path), lots: lots,
                             form: form.values, errors: errors, action: PageEndpoints.submitCount.link())
        return pages.page("inventory-count", view, status: status)
    }

    private func discrepancyPage(context: VigilContext, message: String? = nil, errors: [FieldError] = [], status: HTTPResponse.Status = .ok)
        async throws -> Response {
        let clock = LedgerReport.Clock(timeZone: calendar.timeZone)
        let rows = try await database.discrepancies(openOnly: false, site: context.siteID).map { item in
            DiscrepancyRow(id: item.discrepancy.id.lowercased, opened: clock.shown(item.discrepancy.openedAt), product: "\(item.product.name) \(item.product.strength)", lot: item.lot.lotNumber,
                           counted: item.product.shown(item.discrepancy.counted), book: item.product.shown(item.discrepancy.book),
                           difference: item.product.shown(item.discrepancy.difference), missing: item.discrepancy.missing > 0,
                           resolution: item.discrepancy.resolution.map { resolution in
                               let loss = resolution.significantLoss.map { $0 ? " Significant loss: recorded as a loss-or-theft entry." : " Not a significant loss." } ?? ""
                               return "\(resolution.note) — \(resolution.byName), \(clock.shown(resolution.at)).\(loss)"
                           },
                           action: PageEndpoints.resolveDiscrepancy.link(item.discrepancy.id.lowercased))
        }
        let view = DiscrepancyView(shell: Shell(title: "Discrepancies", context: context, current: PageEndpoints.inventory.path), message: message,
                                   open: rows.filter { $0.resolution == nil }, resolved: rows.filter { $0.resolution != nil },
                                   mayResolve: context.identity!.user.role.may(.resolveDiscrepancies), significanceFactors: Discrepancy.significanceFactors,
                                   errors: errors)
        return pages.page("discrepancies", view, status: status)
    }
}
