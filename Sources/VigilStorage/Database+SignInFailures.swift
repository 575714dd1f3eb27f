import Foundation
import SQLKit
import VigilCore

/// The lock-out's record of failed attempts, shared by every server process (see `SignInThrottle`).
extension Database {
    /// When the account's failed attempts since `since` were made.
    public func signInFailures(key: String, since: Date) async throws -> [Date] {
        try await read { sql in
            try await sql.select().column("failed_at").from("sign_in_failures").where("account_key", .equal, key)
                .where("failed_at", .greaterThanOrEqual, Instant.format(since)).all()
                .map { try StoredValue.instant(try $0.decode(column: "failed_at", as: String.self)) }
        }
    }

    /// Records a failed attempt with its audit event, in one transaction; attempts older than
    /// `forgetBefore` no longer count and are removed.
    public func recordSignInFailure(key: String, forgetBefore: Date, _ record: AuditRecord) async throws {
        try await write { tx in
            try await tx.sql.delete(from: "sign_in_failures").where("account_key", .equal, key)
                .where("failed_at", .lessThan, Instant.format(forgetBefore)).run()
            try await tx.sql.insert(into: "sign_in_failures").columns("id", "account_key", "failed_at")
                .values(SQLBind(NewID.make().lowercased), SQLBind(key), SQLBind(Instant.format(tx.now))).run()
            try await tx.audit(record)
        }
    }

    /// Forgets the account's failed attempts, after a success.
    public func clearSignInFailures(key: String) async throws {
        try await write { tx in
            try await tx.sql.delete(from: "sign_in_failures").where("account_key", .equal, key).run()
        }
    }
}
