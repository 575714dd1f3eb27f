import SQLKit
import VigilCore

extension Database {
    /// Applies every migration not yet recorded, each in its own transaction, and returns the ids
    /// applied. Safe to run from several processes at once: they queue on a lock and re-check.
    /// `through` stops after that migration (a test of what a migration does to older records).
    @discardableResult
    public func migrate(through last: String? = nil) async throws -> [String] {
        try await read { sql in
            try await sql.raw("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)").run()
        }
        var applied: [String] = []
        for migration in Migration.all {
            let ran = try await write { tx in
                if let lock = tx.engine.serialiseMigrations { try await tx.sql.raw(SQLQueryString(lock)).run() }
                let done = try await tx.sql.select().column("id").from("schema_migrations")
                    .where("id", .equal, migration.id).first()
                guard done == nil else { return false }
                for statement in migration.statements + migration.engineSpecific(tx.engine) {
                    try await tx.sql.raw(SQLQueryString(statement)).run()
                }
                try await tx.sql.insert(into: "schema_migrations")
                    .columns("id", "applied_at")
                    .values(SQLBind(migration.id), SQLBind(Instant.format(tx.now)))
                    .run()
                return true
            }
            if ran { applied.append(migration.id) }
            if migration.id == last { break }
        }
        if !applied.isEmpty { connections.schemaChanged() }
        return applied
    }

    /// The migrations that the code knows but the database has not applied.
    public func pendingMigrations() async throws -> [String] {
        let done = try await read { sql in
            try await sql.raw("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)").run()
            return try await sql.select().column("id").from("schema_migrations").all(decodingColumn: "id", as: String.self)
        }
        return Migration.all.map(\.id).filter { !done.contains($0) }
    }
}

extension Database {
    /// The schema steps this database has, oldest first; none for an empty database or a file that
    /// is not Vigil's.
    public func appliedMigrations() async throws -> [String] {
        try await read { sql in
            let table = switch engine {
            case .sqlite: "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            case .postgres: "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'schema_migrations' AND table_schema = current_schema()"
            }
            guard let row = try await sql.raw(SQLQueryString(table)).first(), try row.decode(column: "n", as: Int.self) > 0 else { return [] }
            return try await sql.select().column("id").from("schema_migrations").orderBy("id").all().map { try $0.decode(column: "id", as: String.self) }
        }
    }
}
