import Foundation
import SQLKit

extension Database {
    /// The rows a backup and its restore are compared by.
    public static let countedTables = ["users", "patients", "assessments", "courses", "appointments", "dosing_sessions", "ledger_entries", "audit_events"]

    /// How many rows each of `countedTables` holds.
    public func rowCounts() async throws -> [(table: String, rows: Int)] {
        try await read { sql in
            var counts: [(String, Int)] = []
            for table in Self.countedTables {
                let row = try await sql.raw(SQLQueryString("SELECT count(*) AS n FROM \(unsafeRaw: table)")).first()
                counts.append((table, try row?.decode(column: "n", as: Int.self) ?? 0))
            }
            return counts
        }
    }

    /// Writes a consistent copy of a SQLite clinic to `path` (`VACUUM INTO`: one read transaction, so
    /// a copy taken while the server writes holds every committed change up to one instant, which a
    /// plain file copy of a live database does not).
    public func sqliteSnapshot(to path: String) async throws {
        guard engine == .sqlite else { throw StorageError.invalidConfiguration("a SQLite snapshot needs a SQLite database") }
        try fileGuard?.check()
        try await read { sql in try await sql.raw("VACUUM INTO \(bind: path)").run() }
    }
}

extension Database {
    /// On PostgreSQL, a new empty database beside this one, for checking a backup by restoring it;
    /// its URL. Drop it with `dropScratchDatabase(_:)`.
    public func createScratchDatabase() async throws -> (name: String, url: String) {
        guard case .postgres(let url) = location, var components = URLComponents(string: url) else {
            throw StorageError.invalidConfiguration("a scratch database needs PostgreSQL")
        }
        let name = "vigil_check_" + Digest.randomToken().lowercased().filter(\.isLetter).prefix(12)
        try await read { try await $0.raw(SQLQueryString("CREATE DATABASE \(unsafeRaw: name)")).run() }
        components.path = "/" + name
        return (name, components.string!)
    }

    public func dropScratchDatabase(_ name: String) async throws {
        guard name.hasPrefix("vigil_check_"), name.allSatisfy({ $0.isLetter || $0 == "_" }) else { return }
        try await read { try await $0.raw(SQLQueryString("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)")).run() }
    }
}
