import Foundation
import VigilCore
import VigilStorage

/// The demo network's two sites, in different time zones: the first (where every course is given)
/// in the demo's zone, and a second an hour or more away, stocked by a transfer from the first and a
/// delivery of its own, with consultation visits on its board. Registration and certification
/// numbers are invented (the DEA numbers only pass the check digit).
struct DemoSites {
    let first: Site
    let second: Site

    static func make(_ database: Database, zone: TimeZone, today: CalendarDate) async throws -> DemoSites {
        let first = try await database.changeSite(id: Site.firstID, Site.Change(
            name: "Vigil Lakeside clinic", address: "200 Example Avenue, Springfield", phone: "555-0100", timeZone: Site.isNamedZone(zone.identifier) ? zone.identifier : nil,
            deaRegistration: "FL1234563", deaRegistrationExpiresOn: today.adding(days: 700).description,
            remsSettingId: "HCS-DEMO-0001", remsCertifiedOn: "2025-03-03"), by: .commandLine)
        let otherZone = zone.identifier == "America/Denver" ? "America/Chicago" : "America/Denver"
        let second = try await database.createSite(try Site.created(Site.Change(
            name: "Vigil Front Range clinic", address: "45 Sample Street, Boulder", phone: "555-0175", timeZone: otherZone,
            chairs: ["Recliner A", "Recliner B"], openingHours: "mon 09:00-17:00; tue 09:00-17:00; wed 09:00-17:00; thu 09:00-17:00",
            deaRegistration: "FF7654329", deaRegistrationExpiresOn: today.adding(days: 500).description,
            remsSettingId: "HCS-DEMO-0002", remsCertifiedOn: "2026-01-12")), by: .commandLine)
        return DemoSites(first: first, second: second)
    }

    /// Which sites each demo user works at: the clinicians and the administrator at both (the
    /// prescriber is the medical director, with the network view), the front desk at the first.
    func sites(for role: Role) -> [String] {
        (role == .frontDesk ? [first] : [first, second]).map { $0.id.uuidString.lowercased() }
    }

    /// An actor of `user` working at the second site.
    func atSecond(_ user: User) -> Actor {
        Actor(userID: user.id, role: user.role, address: "demo", sessionID: nil, siteID: second.id)
    }
}
