import Foundation
import VigilCore
import VigilStorage

/// The synthetic clinic network `vigil seed` writes, for measuring Vigil at a network's scale: sites
/// in four US time zones, each with six chairs, two prescribers, four nurses and a front desk, and
/// a year of patients — each with a treatment history, screening, a signed eligibility decision,
/// consent and a course on one of the five routes — whose sessions, measures and controlled-
/// substance books `SyntheticSite` charts. Patients, courses, users, sites and stock go through the
/// clinic's own storage calls (the same checks and audit events as the pages); the sessions, measures
/// and ledger entries of the year are charted through the core's rules and written many rows a
/// statement. Every name is invented; the domain is reserved (RFC 2606).
final class SyntheticNetwork: @unchecked Sendable {
    static let zones = ["America/Chicago", "America/New_York", "America/Denver", "America/Los_Angeles"]
    static let password = "synthetic network 2026"
    static let hours = "mon 08:00-18:00; tue 08:00-18:00; wed 08:00-18:00; thu 08:00-18:00; fri 08:00-18:00"

    let database: Database
    let clock: DemoClock
    let sessionsPerSite: Int
    let settings: ClinicSettings
    let table: AntidepressantTable
    let admin: User
    let products: (ketamine: ControlledProduct, esketamine: ControlledProduct)
    let sites: [Site]
    let staff: [UUID: SyntheticStaff]
    var random: SeededGenerator
    let progress: Progress

    private init(database: Database, clock: DemoClock, sessionsPerSite: Int, settings: ClinicSettings, table: AntidepressantTable, admin: User,
                 products: (ControlledProduct, ControlledProduct), sites: [Site], staff: [UUID: SyntheticStaff], seed: UInt64) {
        self.database = database
        self.clock = clock
        self.sessionsPerSite = sessionsPerSite
        self.settings = settings
        self.table = table
        self.admin = admin
        self.products = products
        self.sites = sites
        self.staff = staff
        random = SeededGenerator(seed: seed)
        progress = Progress(total: sites.count * sessionsPerSite, noun: "sessions")
    }

    /// The sites, staff, consent templates and products, as the network's administrator sets them up a year before now.
    static func make(_ database: Database, sites count: Int, sessionsPerSite: Int, seed: UInt64, zone: TimeZone) async throws -> SyntheticNetwork {
        // Now, to the whole minute: the same seed and clock write the same records.
        let clock = DemoClock(started: Date(timeIntervalSince1970: (database.clock().timeIntervalSince1970 / 60).rounded(.down) * 60), zone: zone)
        let database = database.reading(clock: { clock.now })
        let today = clock.today
        clock.now = clock.instant(today.adding(days: -400), minute: 8 * 60)
        var sites: [Site] = []
        for index in 0..<count {
            let change = Site.Change(
                name: String(format: "Vigil synthetic clinic %03d", index + 1), address: "\(100 + index) Example Road, Springfield",
                phone: String(format: "555-01%02d", index % 100), timeZone: zones[index % zones.count],
                chairs: (1...6).map { "Chair \($0)" }, openingHours: hours,
                deaRegistration: deaNumber(index), deaRegistrationExpiresOn: today.adding(days: 700).description,
                remsSettingId: String(format: "HCS-SYN-%04d", index + 1), remsCertifiedOn: today.adding(days: -500).description)
            sites.append(index == 0 ? try await database.changeSite(id: Site.firstID, change, by: .commandLine)
                         : try await database.createSite(try Site.created(change), by: .commandLine))
        }
        let hash = try await PasswordHasher().hash(password)
        @Sendable func user(_ email: String, _ name: String, _ role: Role, _ at: [Site], network: Bool = false) async throws -> User {
            let draft = try UserDraft(email: email, name: name, role: role.rawValue, password: password,
                                      sites: at.map { $0.id.uuidString.lowercased() }, networkAccess: network)
            return try await database.createUser(draft, passwordHash: hash, by: .commandLine)
        }
        let admin = try await user("admin@network.vigil.example", "Nadia Network-Admin", .admin, sites, network: true)
        _ = try await user("auditor@network.vigil.example", "Arun Auditor", .auditor, sites)
        let staff = try await database.loading { [sites] in
            var staff: [UUID: SyntheticStaff] = [:]
            for (index, site) in sites.enumerated() {
                let tag = String(format: "%03d", index + 1)
                func member(_ role: Role, _ number: Int, _ name: String) async throws -> User {
                    try await user("\(role.rawValue)\(number)-\(tag)@network.vigil.example", "\(name) \(tag)", role, [site])
                }
                staff[site.id] = SyntheticStaff(
                    prescribers: [try await member(.prescriber, 1, "Dr Ines Prescriber"), try await member(.prescriber, 2, "Dr Omar Prescriber")],
                    nurses: [try await member(.nurse, 1, "Nia Nurse"), try await member(.nurse, 2, "Leo Nurse"), try await member(.nurse, 3, "Mara Nurse"),
                             try await member(.nurse, 4, "Teo Nurse")],
                    frontDesk: try await member(.frontDesk, 1, "Fay Frontdesk"))
            }
            return staff
        }
        for route in TreatmentRoute.allCases {
            _ = try await database.publishConsentTemplate(route: route, title: "Consent to \(route.title.lowercased()) (synthetic)",
                                                          body: DemoPatients.consentText(route), by: .commandLine)
        }
        let adminActor = Actor(userID: admin.id, role: admin.role, address: "seed", sessionID: nil)
        let ketamine = try await database.createProduct(ControlledProduct(
            id: NewID.make(), name: "Ketamine HCl injection", ndc: "42023-113-10", strength: "10 mg/mL", form: "20 mL single-dose vial",
            unit: .mg, unitsPerContainer: 200, mgPerMl: 10, schedule: "III", multiDose: false), by: adminActor)
        let esketamine = try await database.createProduct(ControlledProduct(
            id: NewID.make(), name: "Spravato (esketamine) nasal spray", ndc: "50458-028-02", strength: "28 mg", form: "nasal spray device",
            unit: .device, unitsPerContainer: 1, mgPerMl: nil, schedule: "III"), by: adminActor)
        say("Synthetic network — \(count) site\(count == 1 ? "" : "s"), about \(sessionsPerSite) sessions a site in the year before \(today). "
            + "Every user's password is \"\(password)\"; the administrator is admin@network.vigil.example.")
        return SyntheticNetwork(database: database, clock: clock, sessionsPerSite: sessionsPerSite, settings: try await database.clinicSettings(),
                                table: try await database.antidepressantTable(), admin: admin, products: (ketamine, esketamine), sites: sites, staff: staff,
                                seed: 0)
    }

    /// Charts every site's year, one site a transaction.
    func fill() async throws {
        var totals = SyntheticSite.Totals()
        for site in sites {
            let charted = SyntheticSite(network: self, site: site, staff: staff[site.id]!, seed: random.next())
            totals.add(try await database.loading { try await charted.fill() })
        }
        say(String(format: "Wrote %d patients, %d courses, %d bookings, %d sessions, %d vital signs, %d assessments, %d ledger entries and %d audit events "
                   + "(%.0f rows/s, %@).", totals.patients, totals.courses, totals.bookings, totals.sessions, totals.vitals, totals.assessments,
                   totals.ledger, totals.audit, progress.rowsPerSecond, Progress.clock(progress.elapsed)))
    }

    /// A DEA number in the right format whose check digit passes (the letters are invented).
    static func deaNumber(_ index: Int) -> String {
        let digits = String(format: "%06d", 100_000 + index).map { Int(String($0))! }
        let check = (digits[0] + digits[2] + digits[4] + 2 * (digits[1] + digits[3] + digits[5])) % 10
        return "FS" + digits.map(String.init).joined() + String(check)
    }
}

/// A site's clinical staff.
struct SyntheticStaff: Sendable {
    let prescribers: [User]
    let nurses: [User]
    let frontDesk: User
}
