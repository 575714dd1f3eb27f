import Foundation
@preconcurrency import AsyncKit
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// Lends one connection at a time from an engine's pool, as an `SQLDatabase`.
protocol ConnectionPool: Sendable {
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func shutdown() async throws
    /// This process changed the schema (it migrated): connections that may hold the old one reload it.
    func schemaChanged()
}

/// Which pooled connections have loaded the schema since this process last changed it. SQLite
/// (SQLiteNIO) reads a statement's column names when it prepares it, against the connection's
/// cached schema; when another connection has since added a column, SQLite re-prepares on the
/// first step and returns the new column, but the row carries the old names, so `SELECT *` lost
/// the columns a migration had just added (seen as a missing `site_id` in the tests). A connection
/// not refreshed since the last change first runs a statement that reloads its schema.
final class SchemaFreshness: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = 0
    private var loaded: [ObjectIdentifier: Int] = [:]

    func changed() { lock.withLock { generation += 1 } }

    /// The generation to mark once `connection` has reloaded, or nil when it is current.
    func stale(_ connection: ObjectIdentifier) -> Int? {
        lock.withLock { loaded[connection] == generation ? nil : generation }
    }

    func loaded(_ connection: ObjectIdentifier, at generation: Int) { lock.withLock { loaded[connection] = generation } }
}

/// An AsyncKit pool over any connection source whose connections speak SQL.
struct PooledConnections<Source: ConnectionPoolSource>: ConnectionPool where Source.Connection: Sendable {
    let pool: EventLoopGroupConnectionPool<Source>
    let logger: Logger
    /// How long one use of a connection may take before the connection is closed, which fails the
    /// query waiting on it: a frozen (not stopped) PostgreSQL server otherwise held every request,
    /// `/readyz` too, for as long as it stayed frozen. Nil for SQLite, whose waits are its own busy time-out.
    var useTimeout: TimeAmount?
    /// SQLite's: the statement that reloads a connection's schema, and which connections need it.
    var freshness: (statement: String, connections: SchemaFreshness)?
    let sql: @Sendable (Source.Connection) -> any SQLDatabase

    /// A connection that cannot be had (server down, pool timed out) is `StorageError.unavailable`, so
    /// the web layer answers 503 at once instead of failing obscurely; so is one lost mid-query, and
    /// a database that cannot take work (a full disk: see `DatabaseFailure`).
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection: Source.Connection
        do {
            connection = try await pool.requestConnection(logger: logger).get()
        } catch {
            throw StorageError.unavailable(String(describing: error))
        }
        do {
            // A load (`Database.loading`) holds its connection for minutes by design.
            let result = try await bounded(Load.holdsConnection ? nil : useTimeout, connection) { [sql, freshness] in
                if let freshness, let generation = freshness.connections.stale(ObjectIdentifier(connection)) {
                    try await sql(connection).raw(SQLQueryString(freshness.statement)).run()
                    freshness.connections.loaded(ObjectIdentifier(connection), at: generation)
                }
                return try await body(sql(connection))
            }
            pool.releaseConnection(connection, logger: logger)
            return result
        } catch {
            pool.releaseConnection(connection, logger: logger)
            if connection.isClosed && !(error is StorageError) {
                throw StorageError.unavailable(String(describing: error))
            }
            throw DatabaseFailure.unavailability(of: error) ?? error
        }
    }

    /// Runs `work` on the connection, giving up once `limit` passes even if the query it waits on
    /// never answers — a PostgreSQL server frozen, or killed and restarted, mid-query: closing the
    /// connection does not always fail the query waiting on it. The connection is then closed (the
    /// pool drops it) and the caller is told the database is unavailable; the abandoned work ends
    /// with an error on the closed connection.
    private func bounded<T: Sendable>(_ limit: TimeAmount?, _ connection: Source.Connection,
                                      _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let limit else { return try await work() }
        return try await withCheckedThrowingContinuation { continuation in
            let answer = FirstAnswer(continuation)
            let timer = connection.eventLoop.scheduleTask(in: limit) {
                answer.give(.failure(StorageError.unavailable("the database did not answer within \(limit.nanoseconds / 1_000_000_000) seconds")))
                _ = connection.close()
            }
            Task {
                let result: Result<T, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                timer.cancel()
                answer.give(result)
            }
        }
    }

    func shutdown() async throws {
        try await pool.shutdownAsync()
    }

    func schemaChanged() { freshness?.connections.changed() }
}

/// Resumes a continuation with the first result given to it; later ones are dropped.
final class FirstAnswer<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?

    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = continuation }

    func give(_ result: Result<T, any Error>) {
        let waiting = lock.withLock { () -> CheckedContinuation<T, any Error>? in
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
    }
}

/// Opens SQLite connections configured for clinical data: WAL journal, `synchronous=FULL` (no
/// acknowledged commit lost on power failure, measured in the security reference), foreign keys
/// on, and a busy timeout so a second process waits for the write lock instead of failing.
struct ClinicalSQLiteSource: ConnectionPoolSource {
    let inner: SQLiteConnectionSource
    static let pragmas = [
        "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000",
    ]

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        inner.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            Self.pragmas.reduce(eventLoop.makeSucceededVoidFuture()) { chain, pragma in
                chain.flatMap { connection.query(pragma).map { _ in } }
            }.map { connection }.flatMapErrorThrowing { error in
                _ = connection.close()
                throw error
            }
        }
    }
}

