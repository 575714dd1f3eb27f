import ArgumentParser
import Foundation
import VigilCore
import VigilStorage

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the clinic to a new file and verify it: a SQLite file from SQLite, a pg_dump archive from PostgreSQL.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The new file to write (refused if it exists).")
    var to: String

    @OptionGroup var checkpoints: CheckpointOptions

    func run() async throws {
        guard !FileManager.default.fileExists(atPath: to) else { throw ValidationError("\(to) already exists; a backup is written to a new file") }
        let location = database.location
        let anchor = try checkpoints.anchor(for: location, create: false)
        try await withDatabase(database, logger: .vigil("vigil"), existing: true) { database in
            // Audited first, so the copy holds the record of its own making, and checkpointed, so its heads are signed.
            try await database.audit(AuditRecord(.commandLine, .export, resourceType: "Backup", detail: "whole clinic copied to \(to)"))
            if let anchor { _ = try await anchor.write(database) }
            switch location {
            case .sqlite: try await database.sqliteSnapshot(to: to)
            case .postgres(let url): try BackupFile.run("pg_dump", ["--format=custom", "--no-owner", "--file", to, "--dbname", url])
            }
        }
        let check = try await BackupFile.verify(to, against: location, anchor: anchor)
        say("backup written to \(to)")
        say(check.summary)
        guard check.intact else { throw ExitCode(1) }
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the clinic with a verified backup (stop every server first); refuses a database that holds a clinic unless --force.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The backup file written by vigil backup.")
    var from: String

    @Flag(help: "Replace a database that already holds a clinic.")
    var force = false

    @OptionGroup var checkpoints: CheckpointOptions

    func run() async throws {
        let location = database.location
        let anchor = try checkpoints.anchor(for: location, create: false)
        let backup = try await BackupFile.verify(from, against: location, anchor: anchor)
        guard backup.intact else {
            say(backup.summary)
            throw ValidationError("\(from) does not verify; nothing was restored")
        }
        if let users = try await BackupFile.users(in: location), users > 0, !force {
            throw ValidationError("\(location) holds a clinic (\(users) users); add --force to replace it with \(from)")
        }
        switch location {
        case .sqlite(let path):
            let staged = path + ".restoring"
            try? FileManager.default.removeItem(atPath: staged)
            try FileManager.default.copyItem(atPath: from, toPath: staged)
            for leftover in [path, path + "-wal", path + "-shm"] { try? FileManager.default.removeItem(atPath: leftover) }
            try FileManager.default.moveItem(atPath: staged, toPath: path)
        case .postgres(let url):
            try BackupFile.run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", url, from])
        }
        let restored = try await withDatabase(database, logger: .vigil("vigil"), existing: true) { database in
            try await database.audit(AuditRecord(.commandLine, .update, resourceType: "Backup", detail: "clinic restored from \(from)"))
            return try await BackupFile.check(database, anchor: anchor)
        }
        say("restored \(from) into \(location)")
        say(restored.summary)
        guard restored.intact else { throw ExitCode(1) }
    }
}

/// What a backup holds and whether its chains verify.
enum BackupFile {
    struct Check {
        let counts: [(table: String, rows: Int)]
        let audit: ChainVerdict
        let ledger: ChainVerdict

        var intact: Bool { audit.intact && ledger.intact }

        var summary: String {
            let rows = counts.map { "\($0.rows) \($0.table.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ")
            func chain(_ name: String, _ verdict: ChainVerdict, _ records: String) -> String {
                verdict.intact ? "\(name) intact: \(verdict.entries) \(records)\(verdict.checkpoint.map { " (checkpoint of \(Instant.format($0.signedAt)))" } ?? "")"
                    : "\(name) BROKEN at \(verdict.firstBrokenEntry?.lowercased ?? "?"): \(verdict.reason ?? "")"
            }
            return "\(rows); \(chain("audit chain", audit, "events")); \(chain("ledger chain", ledger, "entries"))"
        }
    }

    static func check(_ database: Database, anchor: ChainAnchor?) async throws -> Check {
        Check(counts: try await database.rowCounts(), audit: try await database.verifyAuditChain(anchoredBy: anchor),
              ledger: try await database.verifyLedgerChain(anchoredBy: anchor))
    }

    /// Opens the backup on its own — a SQLite file directly, a pg_dump archive restored into a
    /// scratch database beside `location` and dropped afterwards — and checks it.
    static func verify(_ path: String, against location: DatabaseLocation, anchor: ChainAnchor?) async throws -> Check {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ValidationError("there is no backup at \(path)") }
        let magic = String(decoding: try handle.read(upToCount: 16) ?? Data(), as: UTF8.self)
        try handle.close()
        switch location {
        case .sqlite:
            guard magic.hasPrefix("SQLite format 3") else { throw ValidationError("\(path) is not a SQLite backup (a SQLite clinic restores from one)") }
            let copy = try Database.open(.sqlite(path: path), logger: .vigil("vigil.backup"))
            do {
                guard !(try await copy.appliedMigrations().isEmpty) else { throw ValidationError("\(path) holds no Vigil clinic") }
                let result = try await check(copy, anchor: anchor)
                try await copy.shutdown()
                return result
            } catch {
                try? await copy.shutdown()
                throw error
            }
        case .postgres:
            guard magic.hasPrefix("PGDMP") else { throw ValidationError("\(path) is not a pg_dump archive (a PostgreSQL clinic restores from one)") }
            let server = try Database.open(location, logger: .vigil("vigil.backup"))
            let scratch = try await server.createScratchDatabase()
            do {
                try run("pg_restore", ["--no-owner", "--dbname", scratch.url, path])
                let copy = try Database.open(.postgres(url: scratch.url), logger: .vigil("vigil.backup"))
                let result = try await check(copy, anchor: anchor)
                try await copy.shutdown()
                try await server.dropScratchDatabase(scratch.name)
                try await server.shutdown()
                return result
            } catch {
                try? await server.dropScratchDatabase(scratch.name)
                try? await server.shutdown()
                throw error
            }
        }
    }

    /// How many users the database at `location` has; nil when there is no clinic there.
    static func users(in location: DatabaseLocation) async throws -> Int? {
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) { return nil }
        let database = try Database.open(location, logger: .vigil("vigil.backup"))
        let users = try await database.appliedMigrations().isEmpty ? nil : try await database.userCount()
        try await database.shutdown()
        return users
    }

    /// Runs a PostgreSQL client program, failing with what it printed.
    static func run(_ program: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("\(program) failed (exit \(process.terminationStatus)): \(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
