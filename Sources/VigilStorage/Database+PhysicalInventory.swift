import Foundation
import SQLKit
import VigilCore

/// Physical inventories (21 CFR 1304.11): taken, counted by two and signed, stored append-only.
extension Database {
    /// Takes a physical inventory: every lot on hand counted against the book now by two people,
    /// each count a ledger count entry witnessed by the second counter (a difference opens a
    /// discrepancy), the inventory and its counts stored append-only and signed by `signer` — the
    /// taker; the caller confirmed both passwords. It is the inventory of the actor's site: its
    /// lots, under its registration (21 CFR 1304.11 asks one per registered location). Audited.
    public func takeInventory(_ form: PhysicalInventoryForm, signer: WitnessConfirmation, counter: WitnessConfirmation, by user: User, actor: Actor,
                              timeZone: TimeZone) async throws -> PhysicalInventory {
        try await write { tx in
            let site = try await tx.sql.openSite(id: actor.workingSite)
            let lots = try await tx.sql.balances(site: site.id).flatMap(\.lots)
            let checked = try form.checked(lots: lots)
            guard signer.passwordMatched, signer.id == user.id else { throw ValidationError("password", "is not your password") }
            // Checked here too, for an inventory of nothing on hand, which writes no count entry.
            guard counter.passwordMatched, counter.active, counter.role.may(.documentClinical) else {
                throw ValidationError("witness", LedgerEntryForm.witnessRefused)
            }
            guard counter.id != user.id else { throw ValidationError("witness", "must be someone other than the person taking the inventory") }
            let today = CalendarDate(tx.now, in: timeZone)
            let id = NewID.make()
            var counts: [PhysicalInventory.Count] = []
            let label = "\(checked.kind.title) at the \(checked.atOpening ? "opening" : "close") of business"
            for count in checked.counts {
                let quantity = LedgerEntry.rounded(Double(count.fullContainers) * count.lot.product.unitsPerContainer + count.openedUnits)
                let parsed = LedgerEntryForm.Parsed(kind: .count, lotID: count.lot.lot.id, quantity: quantity, note: label, occurredAt: tx.now)
                let entry = try await tx.recordEntry(parsed, lot: count.lot.lot, product: count.lot.product, witnesses: [counter], recorder: user,
                                                     actor: actor, today: today)
                counts.append(PhysicalInventory.Count(lotID: count.lot.lot.id, fullContainers: count.fullContainers, openedUnits: count.openedUnits,
                                                      book: count.lot.units, countEntryID: entry.id))
            }
            let inventory = PhysicalInventory(id: id, kind: checked.kind, takenOn: today, atOpening: checked.atOpening,
                                              takenBy: Appointment.StaffMember(id: user.id, name: user.name),
                                              countedWith: Appointment.StaffMember(id: counter.id, name: counter.name), signedAt: tx.now, note: checked.note,
                                              counts: counts, siteID: site.id)
            try await tx.sql.insert(into: "physical_inventories")
                .columns("id", "kind", "taken_on", "at_opening", "taken_by", "taken_by_name", "counted_with", "counted_with_name", "signed_at", "note", "site_id")
                .values(SQLBind(id.lowercased), SQLBind(inventory.kind.rawValue), SQLBind(today.description), SQLBind(inventory.atOpening),
                        SQLBind(user.id.lowercased), SQLBind(user.name), SQLBind(counter.id.lowercased), SQLBind(counter.name),
                        SQLBind(Instant.format(tx.now)), SQLBind(inventory.note), SQLBind(site.id.lowercased))
                .run()
            for count in counts {
                try await tx.sql.insert(into: "physical_inventory_counts")
                    .columns("inventory_id", "lot_id", "full_containers", "opened_units", "book", "count_entry_id")
                    .values(SQLBind(id.lowercased), SQLBind(count.lotID.lowercased), SQLBind(count.fullContainers), SQLBind(count.openedUnits),
                            SQLBind(count.book), SQLBind(count.countEntryID.lowercased))
                    .run()
            }
            try await tx.audit(AuditRecord(actor, .create, resourceType: "PhysicalInventory", resourceID: id.lowercased,
                                           detail: "\(label.lowercased()) at \(site.name) on \(today), \(counts.count) lot(s), counted with \(counter.name), signed by \(user.name)"))
            return inventory
        }
    }

    /// The physical inventories taken at a site, newest first, with their counts.
    public func physicalInventories(site: UUID) async throws -> [PhysicalInventory] {
        try await read { sql in
            let counts = Dictionary(grouping: try await sql.select().column("*").from("physical_inventory_counts").all().map { row in
                (try row.decode(column: "inventory_id", as: String.self),
                 PhysicalInventory.Count(lotID: try StoredValue.uuid(try row.decode(column: "lot_id", as: String.self)),
                                         fullContainers: try row.decode(column: "full_containers", as: Int.self),
                                         openedUnits: try row.decode(column: "opened_units", as: Double.self),
                                         book: try row.decode(column: "book", as: Double.self),
                                         countEntryID: try StoredValue.uuid(try row.decode(column: "count_entry_id", as: String.self))))
            }, by: \.0)
            return try await sql.select().column("*").from("physical_inventories").where("site_id", .equal, site.lowercased)
                .orderBy("taken_on", .descending).orderBy("signed_at", .descending)
                .all().map { row in
                    let id = try row.decode(column: "id", as: String.self)
                    return PhysicalInventory(id: try StoredValue.uuid(id), kind: try StoredValue.enumValue(try row.decode(column: "kind", as: String.self)),
                                             takenOn: try StoredValue.date(try row.decode(column: "taken_on", as: String.self)),
                                             atOpening: try row.decode(column: "at_opening", as: Bool.self),
                                             takenBy: Appointment.StaffMember(id: try StoredValue.uuid(try row.decode(column: "taken_by", as: String.self)),
                                                                              name: try row.decode(column: "taken_by_name", as: String.self)),
                                             countedWith: Appointment.StaffMember(id: try StoredValue.uuid(try row.decode(column: "counted_with", as: String.self)),
                                                                                  name: try row.decode(column: "counted_with_name", as: String.self)),
                                             signedAt: try StoredValue.instant(try row.decode(column: "signed_at", as: String.self)),
                                             note: try row.decode(column: "note", as: String?.self),
                                             counts: (counts[id] ?? []).map(\.1), siteID: site)
                }
        }
    }
}
