@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import VigilCore

/// The clinic's database on either engine. Reads lend a connection; writes run in a transaction that
/// carries its audit events, so a change and its audit record commit or fail together.
public struct Database: Sendable {
    public let engine: Engine
    public let location: DatabaseLocation
    let connections: any ConnectionPool
    /// In-process queue for writers, so a waiting writer holds no connection: on SQLite it would sit
    /// in the busy handler holding one of the few blocking threads the lock holder needs; on
    /// PostgreSQL it would hold a pooled connection while waiting for the advisory lock, starving
    /// reads and other requests into the pool's time-out. Across processes the lock still decides.
    let writeGate: WriteGate
    /// On SQLite, notices the file being deleted or replaced under the running server.
    let fileGuard: DatabaseFileGuard?
    /// The clock every stored instant is read from (injected so tests are deterministic).
    public let clock: @Sendable () -> Date

    /// Opens the pool. No connection is made until first use; `migrate()` is the usual first call.
    /// On PostgreSQL a connection busy longer than `useLimit` is closed (a frozen server answers 503
    /// instead of holding the request); nil for none, as the tests' server-wide `CREATE DATABASE` needs.
    public static func open(
        _ location: DatabaseLocation,
        logger: Logger = Logger(label: "vigil.database"),
        clock: @escaping @Sendable () -> Date = Date.init,
        useLimit: TimeAmount? = .seconds(10)
    ) throws -> Database {
        let loops = MultiThreadedEventLoopGroup.singleton
        switch location {
        case .sqlite(let path):
            let source = ClinicalSQLiteSource(inner: SQLiteConnectionSource(configuration: .init(storage: .file(path: path))))
            let pool = EventLoopGroupConnectionPool(source: source, maxConnectionsPerEventLoop: 2, logger: logger, on: loops)
            return Database(
                engine: .sqlite, location: location,
                connections: PooledConnections(pool: pool, logger: logger,
                                               freshness: ("SELECT count(*) FROM sqlite_master", SchemaFreshness())) { $0.sql() },
                writeGate: WriteGate(), fileGuard: DatabaseFileGuard(path: path), clock: clock)
        case .postgres(let url):
            let configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
            } catch {
                throw StorageError.invalidConfiguration("the PostgreSQL URL could not be read: \(error)")
            }
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: 4, requestTimeout: .seconds(5), logger: logger, on: loops)
            return Database(
                engine: .postgres, location: location,
                connections: PooledConnections(pool: pool, logger: logger, useTimeout: useLimit) { $0.sql() },
                writeGate: WriteGate(), fileGuard: nil, clock: clock)
        }
    }

    /// The same database with instants read from another clock, sharing its connections and write
    /// gate: the demo charts past sessions at the times they were held.
    public func reading(clock: @escaping @Sendable () -> Date) -> Database {
        Database(engine: engine, location: location, connections: connections, writeGate: writeGate, fileGuard: fileGuard, clock: clock)
    }

    /// Runs `body` on one connection, outside any transaction. For reads that need no audit event.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let load = load() { return try await body(load.sql) }
        return try await connections.withConnection(body)
    }

    /// Runs `body` in one serialised write transaction: committed when it returns, rolled back when it
    /// throws. A failed COMMIT (disk full, lost connection) is thrown, never reported as success.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        if let load = load() { return try await joining(load, body) }
        try fileGuard?.check()
        await writeGate.acquire()
        let result: T
        do {
            result = try await connections.withConnection { sql in
                try await sql.raw(SQLQueryString(engine.beginWrite)).run()
                do {
                    if let lock = engine.serialiseWrites { try await sql.raw(SQLQueryString(lock)).run() }
                    let result = try await body(Transaction(sql: sql, engine: engine, now: Instant.truncated(clock())))
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        } catch {
            await writeGate.release()
            throw error
        }
        await writeGate.release()
        // A file deleted while this transaction ran took the commit with it: that is no success.
        try fileGuard?.check()
        return result
    }

    /// Why the database cannot serve the clinic now, or nil when it can (for `/readyz`): the file
    /// is still the one opened, it answers a query, and it takes a write — every audited read is a
    /// write, so a database that answers SELECT but whose disk is full serves nothing.
    public func unavailability() async -> String? {
        do {
            try fileGuard?.check()
            _ = try await read { try await $0.raw("SELECT 1 AS one").first() }
            try await write { tx in
                try await tx.sql.raw("""
                    INSERT INTO readiness_probe (id, checked_at) VALUES (1, \(bind: Instant.format(tx.now)))
                    ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at
                    """).run()
            }
            return nil
        } catch StorageError.unavailable(let reason) {
            return reason
        } catch {
            return String(describing: error)
        }
    }

    public func shutdown() async throws {
        try await connections.shutdown()
    }
}

/// One open write transaction, with the instant it is stamped with.
public struct Transaction: Sendable {
    public let sql: any SQLDatabase
    public let engine: Engine
    /// "Now" for everything this transaction writes: one change, one time.
    public let now: Date
}
