import ArgumentParser
import Foundation
import VigilCore
import VigilStorage
import VigilWeb

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill an empty database with a synthetic demo clinic (one user of each role, about fifty patients) and print the passwords.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var timeZone: TimeZoneOption
    @OptionGroup var checkpoints: CheckpointOptions

    func run() async throws {
        let zone = try timeZone.zone()
        let anchor = try checkpoints.anchor(for: database.location, create: true)
        try await withDatabase(database, logger: .vigil("vigil")) { database in
            try await DemoClinic.fill(database, now: database.clock(), zone: zone, anchor: anchor)
        }
    }
}

/// The synthetic demo clinic. Every name and address is invented; the domain is reserved (RFC 2606).
enum DemoClinic {
    static let staff: [(String, String, Role)] = [
        ("admin@demo.vigil.example", "Ada Admin", .admin),
        ("prescriber@demo.vigil.example", "Dr Priya Prescriber", .prescriber),
        ("nurse@demo.vigil.example", "Noel Nurse", .nurse),
        ("frontdesk@demo.vigil.example", "Farah Frontdesk", .frontDesk),
        ("auditor@demo.vigil.example", "Aurelio Auditor", .auditor),
    ]

    /// Creates the demo clinic as it stands at `now` on the clinic's wall clock in `zone`, if the
    /// database has no users; refuses to touch a database in use.
    /// With an anchor, it ends with a signed checkpoint of both chains, as a running server would.
    static func fill(_ database: Database, now: Date, zone: TimeZone, anchor: ChainAnchor?) async throws {
        guard try await database.userCount() == 0 else {
            say("demo: the database already has users; nothing added")
            return
        }
        let clock = DemoClock(started: now, zone: zone)
        let database = database.reading(clock: { clock.started })
        let hasher = PasswordHasher()
        let sites = try await DemoSites.make(database, zone: zone, today: clock.today)
        say("Demo clinic — synthetic data only, two sites (\(sites.first.name), \(sites.first.timeZoneID); \(sites.second.name), \(sites.second.timeZoneID)). Sign in with:")
        var users: [Role: User] = [:]
        var credentials: [Role: LedgerEntryForm.WitnessCredentials] = [:]
        for (email, name, role) in staff {
            let password = "demo-" + Digest.randomToken().prefix(16)
            let draft = try UserDraft(email: email, name: name, role: role.rawValue, password: password, sites: sites.sites(for: role),
                                      networkAccess: role == .prescriber)
            users[role] = try await database.createUser(draft, passwordHash: try await hasher.hash(password), by: .commandLine)
            credentials[role] = .init(email: email, password: password)
            say("  \(role.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(email.padding(toLength: 31, withPad: " ", startingAt: 0)) \(password)")
        }
        let sessions = DemoSessions(database: database, clock: clock, staff: users, credentials: credentials,
                                    witnesses: Authenticator(database: database, hasher: hasher, policy: SessionPolicy()),
                                    settings: try await database.clinicSettings(), sites: sites)
        let patients = try await DemoPatients.fill(database, sessions: sessions)
        try await sessions.countStock()
        let day = try await sessions.chartDay()
        _ = try await sessions.visitsAtSecondSite()
        if let anchor { _ = try await anchor.write(database) }
        say("Added \(patients) synthetic patients, example consent templates for every route, courses in every phase booked in chairs, "
            + "their past sessions charted, \(day) sessions in every state on the demo day — \(sessions.summary) — 2 consultation requests, "
            + "and the controlled-substance ledger: stock received and its initial inventory signed, every dose drawn and each vial's remainder wasted with a witness, last evening's count; "
            + "at \(sites.second.name), stock transferred from \(sites.first.name) and a delivery of its own, its initial inventory, and consultation visits on its board.")
    }
}
