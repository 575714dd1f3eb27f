import Foundation
import SQLKit
import VigilCore

extension Database {
    /// Every site of the network, active ones first, by name.
    public func sites() async throws -> [Site] {
        try await read { sql in try await sql.sites() }
    }

    /// What a public page tells someone in crisis: the patient's home site's line; with no patient
    /// (the public consultation form), each open site's line, once.
    public func crisisLine(patientID: UUID? = nil) async throws -> String {
        try await read { sql in
            if let patientID { return try await sql.site(id: try await sql.patient(id: patientID).homeSiteID).crisisLine }
            var lines: [String] = []
            for site in try await sql.sites() where site.active && !lines.contains(site.crisisLine) { lines.append(site.crisisLine) }
            return lines.isEmpty ? Site.defaultCrisisLine : lines.joined(separator: " ")
        }
    }

    public func site(id: UUID) async throws -> Site {
        try await read { sql in try await sql.site(id: id) }
    }

    /// Adds a site, audited. A name is used once in the network.
    public func createSite(_ site: Site, by actor: Actor) async throws -> Site {
        try await write { tx in
            try await tx.checkNameFree(site)
            try await tx.sql.insert(into: "sites").model(SiteRow(site)).run()
            try await tx.audit(AuditRecord(actor, .create, resourceType: "Site", resourceID: site.id.lowercased, detail: site.name))
            return site
        }
    }

    /// Applies a change to a site, audited with each changed field's old and new value.
    public func changeSite(id: UUID, _ change: Site.Change, by actor: Actor) async throws -> Site {
        try await write { tx in
            let before = try await tx.sql.site(id: id)
            let after = try before.changed(change)
            try await tx.checkNameFree(after)
            let old = SiteRow(before), new = SiteRow(after)
            let changed = zip(old.namedValues, new.namedValues).filter { $0.0.value != $0.1.value }
            guard !changed.isEmpty else { return before }
            try await tx.sql.update("sites").set(model: new).where("id", .equal, id.lowercased).run()
            try await tx.audit(AuditRecord(actor, .update, resourceType: "Site", resourceID: id.lowercased,
                                           detail: changed.map { old, new in
                                               old.name == "crisis_line" ? "crisis line changed" : "\(old.name): \(old.value) → \(new.value)"
                                           }.joined(separator: "; ")))
            return after
        }
    }
}

extension Transaction {
    func checkNameFree(_ site: Site) async throws {
        let taken = try await sql.select().column("id").from("sites").where("name", .equal, site.name)
            .where("id", .notEqual, site.id.lowercased).first()
        if taken != nil { throw ConflictError("name", "another site is called \(site.name)") }
    }
}

extension SQLDatabase {
    func sites() async throws -> [Site] {
        try await select().column("*").from("sites").orderBy("active", .descending).orderBy("name")
            .all(decoding: SiteRow.self).map { try $0.site() }
    }

    func site(id: UUID) async throws -> Site {
        guard let row = try await select().column("*").from("sites").where("id", .equal, id.lowercased).first(decoding: SiteRow.self) else {
            throw StorageError.notFound("site")
        }
        return try row.site()
    }

    /// Refuses work on a record of a site other than the actor's (a session, a booking), naming it.
    func requireWorking(at site: UUID, _ actor: Actor, _ field: String, doing what: String) async throws {
        guard site != actor.workingSite else { return }
        throw ConflictError(field, "is at \(try await self.site(id: site).name); work at that site to \(what)")
    }

    /// The site with `id`, which must be open for new work (a booking, a course, a lot).
    func openSite(id: UUID, field: String = "siteId") async throws -> Site {
        let site = try await site(id: id)
        guard site.active else { throw ConflictError(field, "\(site.name) is closed; its records are kept, but nothing new happens there") }
        return site
    }
}

/// The sites row, column for column.
struct SiteRow: Codable, Sendable {
    var id: String
    var name: String
    var address: String
    var phone: String
    var time_zone: String
    var chairs: String
    var opening_hours: String
    var closed_dates: String
    var dea_registration: String
    var dea_registration_expires_on: String?
    var rems_setting_id: String
    var rems_certified_on: String?
    var crisis_line: String
    var active: Bool

    init(_ site: Site) {
        id = site.id.lowercased
        name = site.name
        address = site.address
        phone = site.phone
        time_zone = site.timeZoneID
        chairs = site.chairs.joined(separator: "\n")
        opening_hours = site.openingHours.description
        closed_dates = site.closedDates.map(\.line).joined(separator: "\n")
        dea_registration = site.deaRegistration
        dea_registration_expires_on = site.deaRegistrationExpiresOn?.description
        rems_setting_id = site.remsSettingID
        rems_certified_on = site.remsCertifiedOn?.description
        crisis_line = site.crisisLine
        active = site.active
    }

    /// The columns as text, for the audit of a change.
    var namedValues: [(name: String, value: String)] {
        [("name", name), ("address", address), ("phone", phone), ("time_zone", time_zone), ("chairs", chairs.replacingOccurrences(of: "\n", with: ", ")),
         ("opening_hours", opening_hours), ("closed_dates", closed_dates.replacingOccurrences(of: "\n", with: ", ")),
         ("dea_registration", dea_registration), ("dea_registration_expires_on", dea_registration_expires_on ?? ""),
         ("rems_setting_id", rems_setting_id), ("rems_certified_on", rems_certified_on ?? ""), ("crisis_line", crisis_line), ("active", String(active))]
    }

    func site() throws -> Site {
        Site(id: try StoredValue.uuid(id), name: name, address: address, phone: phone, timeZoneID: time_zone,
             chairs: chairs.split(separator: "\n").map(String.init), openingHours: OpeningHours(opening_hours) ?? .standard,
             closedDates: ClosedDate.parse(closed_dates.split(separator: "\n").map(String.init)).dates,
             deaRegistration: dea_registration, deaRegistrationExpiresOn: try dea_registration_expires_on.map(StoredValue.date),
             remsSettingID: rems_setting_id, remsCertifiedOn: try rems_certified_on.map(StoredValue.date), crisisLine: crisis_line, active: active)
    }
}

extension Actor {
    /// The site new work of this actor happens at: their current site; the first site for the
    /// command line and the scheduler, which act outside any sign-in.
    public var workingSite: UUID { siteID ?? Site.firstID }
}
