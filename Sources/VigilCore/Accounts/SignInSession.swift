import Foundation

/// How a client holds its sign-in: a browser cookie or an API bearer token.
public enum SessionKind: String, Codable, Sendable {
    case browser
    case api
}

/// Why a session stopped working.
public enum SessionEndReason: String, Codable, Sendable {
    case signedOut = "signed-out"
    case timedOut = "timed-out"
    case expired
    case deactivated
    case revoked
}

/// A sign-in as stored: the secret token itself is never kept, only its hash.
public struct SignInSession: Sendable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var kind: SessionKind
    /// The anti-forgery token every form post of this session must carry.
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date
    public var endedAt: Date?
    /// The site the user works at in this sign-in: chosen at sign-in, switchable.
    public var siteID: UUID?

    public init(id: UUID, userID: UUID, kind: SessionKind, csrfToken: String, createdAt: Date,
                lastSeenAt: Date, expiresAt: Date, endedAt: Date?, siteID: UUID? = nil) {
        self.id = id
        self.userID = userID
        self.kind = kind
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.endedAt = endedAt
        self.siteID = siteID
    }
}

/// How long sign-ins last. Clinic settings with these defaults.
public struct SessionPolicy: Sendable, Equatable {
    /// ONC 170.315(d)(5) automatic time-out; 15 minutes is the security reference's default
    /// (within ASVS L2's 30-minute ceiling).
    public var browserIdleLimit: TimeInterval = 15 * 60
    /// ASVS L2 V3.3.2: re-authenticate at least every 12 hours.
    public var browserLifetime: TimeInterval = 12 * 60 * 60
    /// The foundation issue: API tokens expire after 12 hours by default.
    public var tokenLifetime: TimeInterval = 12 * 60 * 60

    public init() {}

    public func expiry(of kind: SessionKind, startingAt start: Date) -> Date {
        start.addingTimeInterval(kind == .browser ? browserLifetime : tokenLifetime)
    }

    /// Whether a request at `now` should record the session as seen. Marking every request would
    /// make each read a write, so a session is marked once per fifteenth of its idle limit (at most
    /// a minute): an active user is never signed out sooner than 14/15 of the limit after their
    /// last request, even with a 1-minute limit.
    public func shouldMarkSeen(_ session: SignInSession, at now: Date) -> Bool {
        now.timeIntervalSince(session.lastSeenAt) >= min(60, browserIdleLimit / 15)
    }

    /// Whether the session may be used at `now`, and if not, why.
    public func endReason(for session: SignInSession, at now: Date) -> SessionEndReason? {
        if session.endedAt != nil { return .revoked }
        if now >= session.expiresAt { return .expired }
        if session.kind == .browser, now.timeIntervalSince(session.lastSeenAt) >= browserIdleLimit { return .timedOut }
        return nil
    }
}
