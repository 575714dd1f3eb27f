import Foundation
import SQLKit
import VigilCore

/// A sign-in found by its token: the user, the session, the network's sites and the site the user
/// works at in it (nil only for a user with no open site).
public struct ResumedSession: Sendable {
    public let user: User
    public let session: SignInSession
    public let sites: [Site]
    public let site: Site?
}

/// A session that was just started: the secret token goes to the client once and is never stored.
public struct StartedSession: Sendable {
    public let token: String
    public let session: SignInSession
}

extension Database {
    /// Starts a session for a user who has just proved who they are, and audits the sign-in in the
    /// same transaction. Each sign-in gets a new id and token (ASVS V3.2.1: rotate at sign-in).
    /// The session works at `site` when it is open and the user may work there, else at their first
    /// open site (the sign-in form offers every site before it knows who signs in; pages show where).
    public func startSession(for user: User, kind: SessionKind, policy: SessionPolicy, actor: Actor, site: UUID? = nil) async throws -> StartedSession {
        try await write { tx in
            let token = Digest.randomToken()
            let session = SignInSession(
                id: NewID.make(), userID: user.id, kind: kind, csrfToken: Digest.randomToken(),
                createdAt: tx.now, lastSeenAt: tx.now, expiresAt: policy.expiry(of: kind, startingAt: tx.now), endedAt: nil,
                siteID: Self.currentSite(of: user, chosen: site, among: try await tx.sql.sites())?.id)
            try await tx.sql.insert(into: "sessions").model(SessionRow(session, tokenHash: Digest.sha256Hex(token))).run()
            var signedIn = actor
            signedIn.userID = user.id
            signedIn.role = user.role
            signedIn.sessionID = session.id
            signedIn.siteID = session.siteID
            try await tx.audit(AuditRecord(signedIn, .signIn, resourceType: "Session", resourceID: session.id.lowercased,
                                           detail: kind == .api ? "API token issued" : "browser sign-in"))
            return StartedSession(token: token, session: session)
        }
    }

    /// The user and session behind a token, if it is still good. A browser session past its idle
    /// limit is ended here and its time-out audited (ONC 170.315(d)(5)); a live one is marked seen.
    public func resumeSession(token: String, kind: SessionKind, policy: SessionPolicy, address: String?) async throws -> ResumedSession? {
        let hash = Digest.sha256Hex(token)
        let found: (SessionRow, UserRow, [Site])? = try await read { sql in
            guard let session = try await sql.select().column("*").from("sessions")
                .where("token_hash", .equal, hash).where("kind", .equal, kind.rawValue)
                .first(decoding: SessionRow.self),
                session.ended_at == nil,
                let user = try await sql.select().column("*").from("users")
                .where("id", .equal, session.user_id).first(decoding: UserRow.self)
            else { return nil }
            return (session, user, try await sql.sites())
        }
        guard let (sessionRow, userRow, sites) = found else { return nil }
        let session = try sessionRow.session()
        let user = try userRow.user()
        let now = Instant.truncated(clock())
        guard user.active else { return nil }
        if let reason = policy.endReason(for: session, at: now) {
            if reason == .timedOut {
                try await write { tx in
                    if try await tx.endSession(id: session.id, reason: .timedOut) {
                        try await tx.audit(AuditRecord(Actor(userID: user.id, role: user.role, address: address, sessionID: session.id),
                                                       .timeOut, resourceType: "Session", resourceID: session.id.lowercased))
                    }
                }
            }
            return nil
        }
        if policy.shouldMarkSeen(session, at: now) {
            try await write { tx in
                try await tx.sql.update("sessions").set("last_seen_at", to: Instant.format(tx.now))
                    .where("id", .equal, session.id.lowercased).where(SQLColumn("ended_at"), .is, SQLLiteral.null).run()
            }
        }
        return ResumedSession(user: user, session: session, sites: sites,
                              site: Self.currentSite(of: user, chosen: session.siteID, among: sites))
    }

    /// Where a user works in a sign-in: the site chosen, while it is open and theirs; else the first
    /// open site of theirs; nil when they have none.
    static func currentSite(of user: User, chosen: UUID?, among sites: [Site]) -> Site? {
        let open = sites.filter { $0.active && user.mayWork(at: $0.id) }
        return open.site(chosen) ?? open.first { user.siteIDs.contains($0.id) } ?? open.first
    }

    /// Moves a sign-in to another of the user's open sites, audited.
    public func switchSite(_ session: SignInSession, of user: User, to siteID: UUID, actor: Actor) async throws -> Site {
        try await write { tx in
            let site = try await tx.sql.site(id: siteID)
            guard site.active, user.mayWork(at: site.id) else { throw ValidationError("site", "is not an open site you work at") }
            try await tx.sql.update("sessions").set("site_id", to: site.id.lowercased).where("id", .equal, session.id.lowercased).run()
            var moved = actor
            moved.siteID = site.id
            try await tx.audit(AuditRecord(moved, .update, resourceType: "Session", resourceID: session.id.lowercased,
                                           detail: "site: \(session.siteID?.lowercased ?? "none") → \(site.id.lowercased) (\(site.name))"))
            return site
        }
    }

    /// Ends one session (sign-out or token revocation) with its audit event.
    public func endSession(_ session: SignInSession, reason: SessionEndReason, actor: Actor) async throws {
        try await write { tx in
            if try await tx.endSession(id: session.id, reason: reason) {
                try await tx.audit(AuditRecord(actor, reason == .signedOut ? .signOut : .update,
                                               resourceType: "Session", resourceID: session.id.lowercased,
                                               detail: reason == .signedOut ? nil : "session \(reason.rawValue)"))
            }
        }
    }
}

extension Transaction {
    /// Marks a session ended; false when it had already ended.
    @discardableResult
    func endSession(id: UUID, reason: SessionEndReason) async throws -> Bool {
        let open = try await sql.select().column("id").from("sessions")
            .where("id", .equal, id.lowercased).where(SQLColumn("ended_at"), .is, SQLLiteral.null).first()
        guard open != nil else { return false }
        try await sql.update("sessions").set("ended_at", to: Instant.format(now)).set("end_reason", to: reason.rawValue)
            .where("id", .equal, id.lowercased).run()
        return true
    }

    /// Ends every open session and token of a user (deactivation).
    func endSessions(userID: UUID, reason: SessionEndReason) async throws {
        try await sql.update("sessions").set("ended_at", to: Instant.format(now)).set("end_reason", to: reason.rawValue)
            .where("user_id", .equal, userID.lowercased).where(SQLColumn("ended_at"), .is, SQLLiteral.null).run()
    }
}

/// The sessions row, column for column.
struct SessionRow: Codable, Sendable {
    var id: String
    var token_hash: String
    var kind: String
    var user_id: String
    var csrf_token: String
    var created_at: String
    var last_seen_at: String
    var expires_at: String
    var ended_at: String?
    var end_reason: String?
    var site_id: String?

    init(_ session: SignInSession, tokenHash: String) {
        id = session.id.lowercased
        token_hash = tokenHash
        kind = session.kind.rawValue
        user_id = session.userID.lowercased
        csrf_token = session.csrfToken
        created_at = Instant.format(session.createdAt)
        last_seen_at = Instant.format(session.lastSeenAt)
        expires_at = Instant.format(session.expiresAt)
        ended_at = session.endedAt.map(Instant.format)
        end_reason = nil
        site_id = session.siteID?.lowercased
    }

    func session() throws -> SignInSession {
        SignInSession(
            id: try StoredValue.uuid(id), userID: try StoredValue.uuid(user_id), kind: try StoredValue.enumValue(kind),
            csrfToken: csrf_token, createdAt: try StoredValue.instant(created_at),
            lastSeenAt: try StoredValue.instant(last_seen_at), expiresAt: try StoredValue.instant(expires_at),
            endedAt: try ended_at.map(StoredValue.instant), siteID: try site_id.map(StoredValue.uuid))
    }
}
