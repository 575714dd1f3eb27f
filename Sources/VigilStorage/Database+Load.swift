import Foundation
import SQLKit
import VigilCore

/// Loading a great many records at once (`vigil seed`): one transaction that every write and read
/// of this database made inside it joins, each write in a savepoint of its own so one that fails
/// leaves nothing behind, and one commit — one disk flush — at the end. Its connection is exempt
/// from PostgreSQL's limit on one use (`Database.open`'s `useLimit`).
extension Database {
    public func loading<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Load.$holdsConnection.withValue(true) {
            try await write { tx in
                try await Load.$current.withValue(Load(gate: ObjectIdentifier(writeGate), transaction: tx)) { try await body() }
            }
        }
    }

    /// The load this task is inside, if it loads this database.
    func load() -> Transaction? {
        guard let load = Load.current, load.gate == ObjectIdentifier(writeGate) else { return nil }
        return load.transaction
    }

    /// A write inside a load: the load's transaction, stamped with this database's clock now.
    func joining<T: Sendable>(_ load: Transaction, _ body: @escaping @Sendable (Transaction) async throws -> T) async throws -> T {
        try await load.sql.raw("SAVEPOINT joined").run()
        do {
            let result = try await body(Transaction(sql: load.sql, engine: engine, now: Instant.truncated(clock())))
            try await load.sql.raw("RELEASE SAVEPOINT joined").run()
            return result
        } catch {
            try? await load.sql.raw("ROLLBACK TO SAVEPOINT joined").run()
            try? await load.sql.raw("RELEASE SAVEPOINT joined").run()
            throw error
        }
    }
}

struct Load: Sendable {
    @TaskLocal static var current: Load?
    /// Set for the load's own connection, which is exempt from the pool's time limit on one use.
    @TaskLocal static var holdsConnection = false
    let gate: ObjectIdentifier
    let transaction: Transaction
}
