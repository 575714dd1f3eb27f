import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The transfer page: stock sent from a lot of this site to another site of the network.
extension InventoryPages {
    struct TransferView {
        let shell: Shell
        let from: String
        let lots: [SelectOption]
        let sites: [SelectOption]
        let form: [String: String]
        let limit: String
        let errors: [FieldError]
        let action: String
        let inventoryLink: String
    }

    func registerTransfers(on router: inout EndpointRouter) {
        router.add(PageEndpoints.transfer) { _, context in
            try await transferPage(context: context, form: FormBody(values: [:]))
        }
        router.add(PageEndpoints.submitTransfer) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            return try await FormBody.submit(form, { form in
                var validator = Validator()
                let quantity = form.number("quantity", into: &validator)
                try validator.finish()
                let moved = try await ledger.transfer(SiteTransferForm(lotId: form["lotId"], toSiteId: form["toSiteId"], quantity: quantity,
                                                                       note: form["note"].flatMap { $0.isEmpty ? nil : $0 }), context: context)
                return ("Transfer recorded: entry \(moved.out.entry.sequence) out of lot \(moved.out.lot.lotNumber) here, receipt \(moved.in.entry.sequence) there.",
                        PageEndpoints.ledger.link(query: ["lotId": moved.out.lot.id.lowercased]))
            }) { errors in
                try await transferPage(context: context, form: form, errors: errors, status: .unprocessableContent)
            }
        }
    }

    private func transferPage(context: VigilContext, form: FormBody, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let here = try context.workingSite()
        let others = (context.identity?.sites ?? []).filter { $0.active && $0.id != here.id }
        let view = TransferView(
            shell: Shell(title: "Transfer to another site", context: context, current: PageEndpoints.inventory.path), from: here.registrant,
            lots: try await lotOptions(selected: form["lotId"], context: context),
            sites: others.map { SelectOption(value: $0.id.lowercased, label: $0.registrant, selected: $0.id.lowercased == form["toSiteId"]) },
            form: form.values, limit: SiteTransferForm.limitNote, errors: errors, action: PageEndpoints.submitTransfer.link(),
            inventoryLink: PageEndpoints.inventory.link())
        return pages.page("inventory-transfer", view, status: status)
    }
}
