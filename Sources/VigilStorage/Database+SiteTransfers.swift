import Foundation
import SQLKit
import VigilCore

extension Database {
    /// Moves stock from a lot of the actor's site to another site in one transaction: a transfer
    /// entry out of the lot, naming the receiving registrant, and a receipt into the receiving
    /// site's lot of the same product and number (made on the first transfer, with the sending site
    /// as its supplier), naming the sending registrant (`SiteTransferForm`). Audited with both.
    public func transfer(_ form: SiteTransferForm, by user: User, actor: Actor, timeZone: TimeZone) async throws -> (out: LedgerLine, in: LedgerLine) {
        try await write { tx in
            let checked = try form.checked()
            let from = try await tx.sql.openSite(id: actor.workingSite)
            let lot = try await tx.sql.lot(id: checked.lotID, at: from.id)
            let to = try await tx.sql.site(id: checked.toSiteID)
            if let refusal = SiteTransferForm.refusal(from: from, to: to) { throw ConflictError([refusal]) }
            let product = try await tx.sql.product(id: lot.productID, field: "lotId")
            let today = CalendarDate(tx.now, in: timeZone)
            let said = checked.note.map { ": \($0)" } ?? ""
            let out = LedgerEntryForm.Parsed(kind: .transfer, lotID: lot.id, quantity: checked.quantity,
                                             note: "Transfer to \(to.registrant)\(said)", occurredAt: tx.now)
            let sent = try await tx.recordEntry(out, lot: lot, product: product, witnesses: [], recorder: user, actor: actor, today: today)
            var received = try await tx.sql.lots(productID: product.id, site: to.id).first { $0.lotNumber == lot.lotNumber }
            if received == nil {
                let made = StockLot(id: NewID.make(), productID: product.id, lotNumber: lot.lotNumber, expiresOn: lot.expiresOn, supplierName: from.name,
                                    supplierAddress: from.address, supplierDEANumber: from.deaRegistration,
                                    invoiceNumber: "Transfer \(sent.sequence)", storageLocation: "Received by transfer", siteID: to.id)
                try await tx.sql.insert(into: "stock_lots").model(LotRow(made, by: actor.userID, at: tx.now)).run()
                try await tx.audit(AuditRecord(actor, .create, resourceType: "StockLot", resourceID: made.id.lowercased,
                                               detail: "lot \(made.lotNumber) of \(product.name) at \(to.name), by transfer from \(from.name)"))
                received = made
            }
            let into = LedgerEntryForm.Parsed(kind: .receipt, lotID: received!.id, quantity: checked.quantity,
                                              note: "Transfer from \(from.registrant) (entry \(sent.sequence))\(said)", occurredAt: tx.now)
            var receiving = actor
            receiving.siteID = to.id
            let arrived = try await tx.recordEntry(into, lot: received!, product: product, witnesses: [], recorder: user, actor: receiving, today: today)
            let lines = try await tx.sql.lines([sent, arrived])
            return (lines[0], lines[1])
        }
    }
}
