import Foundation
import SQLKit
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport

@Suite("Migrations")
struct MigrationTests {
    @Test func migratingAgainAppliesNothingAndLeavesNothingPending() async throws {
        try await TestDatabase.with { database in
            let applied = try await database.migrate()
            let pending = try await database.pendingMigrations()
            #expect(applied.isEmpty && pending.isEmpty)
        }
    }

    @Test func sqliteIsConfiguredForClinicalData() async throws {
        guard TestDatabase.engine == .sqlite else { return }
        try await TestDatabase.with { database in
            let settings = try await database.read { sql in
                (try await sql.raw("PRAGMA journal_mode").first(decodingColumn: "journal_mode", as: String.self),
                 try await sql.raw("PRAGMA synchronous").first(decodingColumn: "synchronous", as: Int.self),
                 try await sql.raw("PRAGMA foreign_keys").first(decodingColumn: "foreign_keys", as: Int.self),
                 try await sql.raw("PRAGMA busy_timeout").first(decodingColumn: "timeout", as: Int.self))
            }
            #expect(settings.0 == "wal")
            #expect(settings.1 == 2, "synchronous=FULL is 2")
            #expect(settings.2 == 1)
            #expect((settings.3 ?? 0) >= 5000)
        }
    }

    /// An installation from before sites becomes a network of one site: the clinic-wide name,
    /// chairs, hours, closed dates, registration and crisis line become its first site's (and leave
    /// the settings), every user works there, and the other settings stay.
    @Test func theOneSiteMigrationKeepsEveryRecord() async throws {
        try await TestDatabase.with(migrated: false) { database in
            try await database.migrate(through: "0019-attendance")
            let nurse = UUID()
            try await database.write { tx in
                for (name, value) in [("clinicName", "Harbor Ketamine Clinic"), ("clinicAddress", "1 Quay St"), ("chairs", "Bay 1\nBay 2"),
                                      ("openingHours", "mon 07:00-15:00; wed 07:00-15:00"), ("closedDates", "2026-12-25 Christmas Day"),
                                      ("deaRegistration", "FK1234563"), ("deaRegistrationExpiresOn", "2027-06-30"),
                                      ("crisisLine", "Call the Harbor crisis team on 555-0199, or 988."), ("trdMinimumWeeks", "8")] {
                    try await tx.sql.insert(into: "clinic_settings").columns("name", "value", "updated_by", "updated_at")
                        .values(SQLBind(name), SQLBind(value), SQLBind(String?.none), SQLBind("2026-11-01T09:00:00.000Z")).run()
                }
                try await tx.sql.insert(into: "users").columns("id", "email", "name", "role", "active", "password_hash", "created_at", "updated_at")
                    .values(SQLBind(nurse.uuidString.lowercased()), SQLBind("nia@harbor.example"), SQLBind("Nia"), SQLBind("nurse"), SQLBind(true),
                            SQLBind("x"), SQLBind("2026-11-01T09:00:00.000Z"), SQLBind("2026-11-01T09:00:00.000Z")).run()
            }
            #expect(try await database.migrate(through: "0020-sites") == ["0020-sites"])
            let sites = try await database.sites()
            #expect(sites.map(\.id) == [Site.firstID])
            let site = try #require(sites.first)
            #expect(site.name == "Harbor Ketamine Clinic" && site.address == "1 Quay St" && site.chairs == ["Bay 1", "Bay 2"])
            #expect(site.openingHours.description == "mon 07:00-15:00; wed 07:00-15:00" && site.closedDates.map(\.line) == ["2026-12-25 Christmas Day"])
            #expect(site.deaRegistration == "FK1234563" && site.deaRegistrationExpiresOn == CalendarDate("2027-06-30"))
            #expect(site.crisisLine == "Call the Harbor crisis team on 555-0199, or 988." && site.timeZoneID.isEmpty && site.active)
            #expect(site.timeZone(fallback: TestTime.zone) == TestTime.zone, "it follows --time-zone until a zone is set")
            #expect(try await database.clinicSettings().trdMinimumWeeks == 8, "the clinic-wide settings stay")
            let left = try await database.read { sql in try await sql.select().column("name").from("clinic_settings").all(decodingColumn: "name", as: String.self) }
            #expect(left == ["trdMinimumWeeks"], "each fact has one home: the moved settings left")
            let user = try #require(try await database.user(id: nurse))
            #expect(user.siteIDs == [Site.firstID] && !user.networkAccess)
        }
    }
}
