import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The physical inventory page: every lot on hand counted by two and signed, and the inventories taken.
extension InventoryPages {
    struct InventoryLotRow {
        let id: String
        let label: String
        /// Vials: what is left in an opened one may be estimated; devices are counted whole.
        let takesOpened: Bool
        let estimate: Bool
        let full: String?
        let opened: String?
    }

    struct TakenRow {
        let label: String
        let by: String
        let lots: Int
        let link: String
    }

    struct PhysicalInventoryView {
        let shell: Shell
        let message: String?
        let due: String
        /// Overdue, or due within the warning days.
        let alert: Bool
        let lots: [InventoryLotRow]
        let kinds: [SelectOption]
        let atOpening: Bool
        let note: String?
        let witnessEmail: String?
        let taken: [TakenRow]
        let errors: [FieldError]
        let action: String
    }

    func registerPhysicalInventory(on router: inout EndpointRouter) {
        router.add(PageEndpoints.physicalInventory) { request, context in
            try await physicalInventoryPage(context: context, form: FormBody(values: [:]), message: request.uri.queryParameters["done"].map(String.init))
        }
        router.add(PageEndpoints.takeInventory) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            return try await FormBody.submit(form, { form in
                let lots = try await database.ledgerBalances(site: context.siteID).flatMap(\.lots)
                var validator = Validator()
                let counts = lots.compactMap { lot -> PhysicalInventoryForm.LotCount? in
                    let id = lot.lot.id.lowercased
                    let full = form.number("full.\(id)", into: &validator), opened = form.number("opened.\(id)", into: &validator)
                    guard full != nil || opened != nil else { return nil }
                    return PhysicalInventoryForm.LotCount(lotId: id, fullContainers: full ?? 0, openedUnits: opened)
                }
                try validator.finish()
                let inventory = try await ledger.takeInventory(
                    PhysicalInventoryForm(kind: form["kind"], at: form["at"], counts: counts, note: form["note"].flatMap { $0.isEmpty ? nil : $0 },
                                          password: form["password"], witness: .init(email: form["witnessEmail"], password: form["witnessPassword"])),
                    context: context)
                let differ = try await database.discrepancies(openOnly: true, site: context.siteID).filter { item in inventory.counts.contains { $0.countEntryID == item.discrepancy.countEntryID } }
                let summary = "\(inventory.kind.title) of \(inventory.when) signed by \(inventory.takenBy.name), counted with \(inventory.countedWith.name): \(inventory.counts.count) lot(s) counted; "
                    + (differ.isEmpty ? "every count matches the book." : "\(differ.count) differ from the book and opened a discrepancy.")
                return (summary, differ.isEmpty ? PageEndpoints.ledgerReport.link(LedgerReport.Kind.inventory.rawValue, query: ["inventoryId": inventory.id.lowercased])
                                                : PageEndpoints.discrepancies.link())
            }) { errors in
                var values = form.values
                values["password"] = nil
                values["witnessPassword"] = nil
                return try await physicalInventoryPage(context: context, form: FormBody(values: values), errors: errors, status: .unprocessableContent)
            }
        }
    }

    private func physicalInventoryPage(context: VigilContext, form: FormBody, message: String? = nil, errors: [FieldError] = [],
                                       status: HTTPResponse.Status = .ok) async throws -> Response {
        let taken = try await database.physicalInventories(site: context.siteID)
        let due = InventoryDue(latest: taken.first, today: calendar.today)
        // The book is not shown: the count is of what is in the safe.
        let lots = try await database.ledgerBalances(site: context.siteID).flatMap(\.lots).filter { $0.units != 0 || $0.openDiscrepancies > 0 }.map { lot in
            let id = lot.lot.id.lowercased
            return InventoryLotRow(id: id, label: "\(lot.product.name) \(lot.product.strength), \(lot.product.form) — lot \(lot.lot.lotNumber), expires \(lot.lot.expiresOn), \(lot.lot.storageLocation)",
                                   takesOpened: lot.product.unit == .mg, estimate: lot.product.openedCountIsEstimate,
                                   full: form["full.\(id)"], opened: form["opened.\(id)"])
        }
        let kind = form["kind"].flatMap(PhysicalInventory.Kind.init) ?? (taken.isEmpty ? .initial : .biennial)
        let view = PhysicalInventoryView(
            shell: Shell(title: "Physical inventory", context: context, current: PageEndpoints.inventory.path), message: message, due: due.reason,
            alert: due.overdue || due.soon, lots: lots, kinds: SelectOption.all(PhysicalInventory.Kind.self, selected: kind, label: \.title), atOpening: form["at"] == "opening",
            note: form["note"], witnessEmail: form["witnessEmail"],
            taken: taken.map { TakenRow(label: "\($0.kind.title), \($0.when)", by: "\($0.takenBy.name) with \($0.countedWith.name)", lots: $0.counts.count,
                                        link: PageEndpoints.ledgerReport.link(LedgerReport.Kind.inventory.rawValue, query: ["inventoryId": $0.id.lowercased])) },
            errors: errors, action: PageEndpoints.takeInventory.link())
        return pages.page("inventory-physical", view, status: status)
    }
}
