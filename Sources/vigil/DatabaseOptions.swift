import ArgumentParser
import Foundation
import Logging
import VigilCore
import VigilStorage

/// `--database`, shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A SQLite file path, or a postgres:// URL (env VIGIL_DATABASE).",
        valueName: "path|postgres://…"))
    var database: String?

    var location: DatabaseLocation {
        DatabaseLocation(database ?? Environment.value("VIGIL_DATABASE") ?? DatabaseLocation.defaultSQLitePath)
    }

    /// Refuses a SQLite file that is gone while its write-ahead log remains (it was deleted or moved),
    /// and with `existing` a missing file; says so when a new, empty clinic is about to be created.
    func checkLocation(existing: Bool = false) throws {
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            if ["-wal", "-shm"].contains(where: { FileManager.default.fileExists(atPath: path + $0) }) {
                throw ValidationError("the database file \(path) is missing but its write-ahead log (\(path)-wal) is still there: the file was deleted "
                                      + "or moved. Restore it (vigil restore --from BACKUP), or remove \(path)-wal and \(path)-shm to start an empty clinic.")
            }
            if existing { throw ValidationError("there is no database at \(path)") }
            say("No database at \(path): creating a new, empty clinic there.")
        }
    }

    /// Opens and migrates the database: every command sees the current schema. With `existing`, a
    /// missing SQLite file or a database without Vigil's schema is an error rather than a new, empty
    /// clinic (a check of a deleted file must not say "intact: 0 events"). A SQLite file that is gone
    /// while its write-ahead log remains was deleted or moved: nothing starts on it.
    func open(logger: Logger, existing: Bool = false) async throws -> Database {
        try checkLocation(existing: existing)
        let database = try Database.open(location, logger: logger, clock: try Self.clock())
        do {
            if existing, try await database.appliedMigrations().isEmpty {
                throw ValidationError("\(location) holds no Vigil clinic (no schema): nothing to check")
            }
            let applied = try await database.migrate()
            if !applied.isEmpty { logger.info("migrated", metadata: ["applied": "\(applied.joined(separator: ", "))"]) }
            return database
        } catch {
            // A database that cannot be reached is said so, not a crash on the unclosed pool.
            try? await database.shutdown()
            throw error
        }
    }
}

extension DatabaseOptions {
    /// The clock every stored instant is read from: the machine's, or — for the command-line and
    /// browser tests, never a clinic — one that starts at `VIGIL_CLOCK_START` (RFC 3339) and runs on.
    /// (Debian's faketime cannot host the server: its timers never wake under it.)
    static func clock() throws -> @Sendable () -> Date {
        guard let text = Environment.value("VIGIL_CLOCK_START") else { return Date.init }
        guard let start = Instant.parse(text) else { throw ValidationError("VIGIL_CLOCK_START must be an instant such as 2026-12-01T10:00:00Z") }
        let began = ProcessInfo.processInfo.systemUptime
        return { start.addingTimeInterval(ProcessInfo.processInfo.systemUptime - began) }
    }
}

/// `--time-zone`, shared by `serve` and `demo`: the clinic's wall clock.
struct TimeZoneOption: ParsableArguments {
    @Option(help: "The clinic's time zone, e.g. America/Chicago: its calendar day, opening hours and bookings (env VIGIL_TIME_ZONE, default the machine's).")
    var timeZone: String?

    func zone() throws -> TimeZone {
        guard let name = timeZone ?? Environment.value("VIGIL_TIME_ZONE") else { return .current }
        guard let zone = TimeZone(identifier: name) else { throw ValidationError("time zone \(name) is not a known zone such as America/Chicago") }
        return zone
    }
}

/// How every command writes to standard output: at once (unbuffered), so what `serve` says before
/// it starts logging appears in order even when the output goes to a file or a pipe.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

enum Environment {
    static func value(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}

extension Logger {
    /// A logger whose level comes from VIGIL_LOG_LEVEL (default info).
    static func vigil(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = Environment.value("VIGIL_LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .info
        return logger
    }
}

/// Runs `body` with the database open, and closes it afterwards whatever happens; with `existing`,
/// only on a database that is there and holds a clinic.
func withDatabase<T>(_ options: DatabaseOptions, logger: Logger, existing: Bool = false, _ body: (Database) async throws -> T) async throws -> T {
    let database = try await options.open(logger: logger, existing: existing)
    do {
        let result = try await body(database)
        try await database.shutdown()
        return result
    } catch {
        try? await database.shutdown()
        throw error
    }
}
