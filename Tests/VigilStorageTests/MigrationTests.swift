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
}
