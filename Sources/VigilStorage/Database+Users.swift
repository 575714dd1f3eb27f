import Foundation
import SQLKit
import VigilCore

extension Database {
    /// Creates an account and its audit event in one transaction. The email is unique
    /// case-insensitively: a second account for it is a conflict naming the field.
    public func createUser(_ draft: UserDraft, passwordHash: String, by actor: Actor) async throws -> User {
        try await write { tx in
            let taken = try await tx.sql.select().column("id").from("users")
                .where("email", .equal, draft.email.value).first()
            guard taken == nil else {
                throw StorageError.conflict(field: "email", message: "already belongs to another account")
            }
            let user = User(id: NewID.make(), email: draft.email.value, name: draft.name, role: draft.role,
                            active: true, createdAt: tx.now, siteIDs: try await tx.userSites(draft.siteIDs), networkAccess: draft.networkAccess)
            try await tx.sql.insert(into: "users").model(UserRow(user, passwordHash: passwordHash, updatedAt: tx.now)).run()
            try await tx.audit(AuditRecord(actor, .create, resourceType: "User", resourceID: user.id.lowercased,
                                           detail: "role: \(user.role.rawValue); sites: \(user.siteIDs.count)\(user.networkAccess ? "; network access" : "")"))
            return user
        }
    }

    public func user(id: UUID) async throws -> User? {
        try await read { sql in
            try await sql.select().column("*").from("users").where("id", .equal, id.lowercased)
                .first(decoding: UserRow.self)?.user()
        }
    }

    /// The account for an email with its password hash, for sign-in.
    public func credentials(email: EmailAddress) async throws -> (user: User, passwordHash: String)? {
        try await read { sql in
            guard let row = try await sql.select().column("*").from("users")
                .where("email", .equal, email.value).first(decoding: UserRow.self)
            else { return nil }
            return (try row.user(), row.password_hash)
        }
    }

    public func users(page: Page = Page()) async throws -> Paged<User> {
        try await read { sql in
            let total = try await sql.selectCount()
                .from("users").total()
            let rows = try await sql.select().column("*").from("users")
                .orderBy("name").orderBy("email").limit(page.size).offset(page.offset)
                .all(decoding: UserRow.self)
            return Paged(items: try rows.map { try $0.user() }, page: page, total: total)
        }
    }

    public func userCount() async throws -> Int {
        try await read { sql in
            try await sql.selectCount()
                .from("users").total()
        }
    }

    /// Changes name, role or active flag. A role change is audited as a privilege change; deactivation
    /// ends every session and token of the account in the same transaction.
    public func updateUser(id: UUID, _ change: UserChange, by actor: Actor) async throws -> User {
        try await write { tx in
            guard let row = try await tx.sql.select().column("*").from("users")
                .where("id", .equal, id.lowercased).first(decoding: UserRow.self)
            else { throw StorageError.notFound("user") }
            let before = try row.user()
            var after = before
            after.name = change.name ?? before.name
            after.role = change.role ?? before.role
            after.active = change.active ?? before.active
            if let ids = change.siteIDs { after.siteIDs = try await tx.userSites(ids) }
            after.networkAccess = change.networkAccess ?? before.networkAccess
            guard after != before else { return before }
            try await tx.sql.update("users")
                .set("name", to: after.name).set("role", to: after.role.rawValue)
                .set("active", to: after.active).set("site_ids", to: UserRow.siteText(after.siteIDs))
                .set("network_access", to: after.networkAccess).set("updated_at", to: Instant.format(tx.now))
                .where("id", .equal, id.lowercased).run()
            let action: AuditAction = after.role != before.role || after.networkAccess != before.networkAccess || after.siteIDs != before.siteIDs
                ? .privilegeChange : .update
            try await tx.audit(AuditRecord(actor, action, resourceType: "User", resourceID: id.lowercased,
                                           detail: change.describe(from: before)))
            if before.active && !after.active {
                try await tx.endSessions(userID: id, reason: .deactivated)
            }
            return after
        }
    }
}

/// The users row, column for column.
struct UserRow: Codable, Sendable {
    var id: String
    var email: String
    var name: String
    var role: String
    var active: Bool
    var password_hash: String
    var created_at: String
    var updated_at: String
    var site_ids: String
    var network_access: Bool

    init(_ user: User, passwordHash: String, updatedAt: Date) {
        id = user.id.lowercased
        email = user.email
        name = user.name
        role = user.role.rawValue
        active = user.active
        password_hash = passwordHash
        created_at = Instant.format(user.createdAt)
        updated_at = Instant.format(updatedAt)
        site_ids = Self.siteText(user.siteIDs)
        network_access = user.networkAccess
    }

    static func siteText(_ ids: [UUID]) -> String { ids.map(\.lowercased).joined(separator: " ") }

    func user() throws -> User {
        User(id: try StoredValue.uuid(id), email: email, name: name, role: try StoredValue.role(role),
             active: active, createdAt: try StoredValue.instant(created_at),
             siteIDs: try site_ids.split(separator: " ").map { try StoredValue.uuid(String($0)) }, networkAccess: network_access)
    }
}

extension Transaction {
    /// The sites a user is given, each one of the network's: nil (not said) is the network's only
    /// site, and must be said once there are several.
    func userSites(_ ids: [UUID]?) async throws -> [UUID] {
        let sites = try await sql.sites()
        guard let ids else {
            guard sites.count == 1 else { throw ValidationError("sites", "is required: name the sites the user works at") }
            return sites.map(\.id)
        }
        let unknown = ids.filter { sites.site($0) == nil }
        if !unknown.isEmpty { throw ValidationError("sites", "names no site of the network: \(unknown.map(\.lowercased).joined(separator: ", "))") }
        return ids
    }
}
