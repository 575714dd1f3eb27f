import Foundation
import Logging
import SQLKit
import VigilCore
import VigilStorage

/// A fresh, migrated database for one test, on the engine the test run is configured for:
/// `VIGIL_TEST_DATABASE` unset or `sqlite` → a SQLite file in a temporary folder; a `postgres://`
/// URL → a new database created on that server and dropped afterwards.
public enum TestDatabase {
    public static var configured: String {
        ProcessInfo.processInfo.environment["VIGIL_TEST_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "sqlite"
    }

    public static var engine: Engine { configured.hasPrefix("postgres") ? .postgres : .sqlite }

    static let logger: Logger = {
        var logger = Logger(label: "vigil.test")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` with a new migrated database, then removes it. `migrated: false` leaves the
    /// migrations to the test.
    public static func with(
        clock: @escaping @Sendable () -> Date = { TestTime.now }, migrated: Bool = true,
        _ body: (Database) async throws -> Void
    ) async throws {
        await slots.acquire()
        do {
            try await withSlot(clock: clock, migrated: migrated, body)
            await slots.release()
        } catch {
            await slots.release()
            throw error
        }
    }

    /// How many test databases may be open at once. Every suite runs its tests in parallel; on
    /// PostgreSQL each database holds up to 8 pooled connections and the test server allows 200, so
    /// more than 16 at once ran it out of connections ("database unavailable"). SQLite files are free.
    static let slots = Slots(engine == .postgres ? 16 : Int.max)

    private static func withSlot(clock: @escaping @Sendable () -> Date, migrated: Bool, _ body: (Database) async throws -> Void) async throws {
        let (location, cleanup) = try await create()
        // No use limit: on a 2-core machine running every suite in parallel a use can wait longer than a
        // clinic's would; the frozen-server limit is tested in the command-line suite.
        let database = try Database.open(location, logger: logger, clock: clock, useLimit: nil)
        do {
            if migrated { try await database.migrate() }
            try await body(database)
            try await database.shutdown()
            try await cleanup()
        } catch {
            try? await database.shutdown()
            try? await cleanup()
            throw error
        }
    }

    private static func create() async throws -> (DatabaseLocation, @Sendable () async throws -> Void) {
        let name = "vigil_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(String(name))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return (.sqlite(path: folder.appendingPathComponent("vigil.sqlite").path), {
                try? FileManager.default.removeItem(at: folder)
            })
        case .postgres:
            let server = configured
            try await onServer(server) { try await $0.raw(SQLQueryString("CREATE DATABASE \(name)")).run() }
            return (.postgres(url: replacingDatabase(in: server, with: String(name))), {
                try await onServer(server) { try await $0.raw(SQLQueryString("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")).run() }
            })
        }
    }

    private static func onServer(_ url: String, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let admin = try Database.open(.postgres(url: url), logger: logger, useLimit: nil)
        do {
            try await admin.read(body)
            try await admin.shutdown()
        } catch {
            try? await admin.shutdown()
            throw error
        }
    }

    /// `postgres://u@h:p/postgres?x` → `postgres://u@h:p/<name>?x`.
    static func replacingDatabase(in url: String, with name: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + name
        return components.string!
    }

    /// Runs raw SQL against the test database, for tests that play an attacker with direct access.
    public static func tamper(_ database: Database, _ statements: String...) async throws {
        try await database.read { sql in
            for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
        }
    }
}

/// A counting semaphore for tasks: `acquire` waits while none is free.
actor Slots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
