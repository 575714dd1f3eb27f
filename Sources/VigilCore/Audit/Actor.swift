import Foundation

/// Who is acting, and from where: attached to every audit event. The role is the one held at the
/// time of the action, so a later role change does not rewrite history.
public struct Actor: Sendable, Equatable {
    public var userID: UUID?
    public var role: Role?
    /// The client's network address as the server saw it.
    public var address: String?
    /// The id of the sign-in session or API token (never the secret itself).
    public var sessionID: UUID?
    /// The site the user was working at (their current site), nil outside a site.
    public var siteID: UUID?

    public init(userID: UUID?, role: Role?, address: String?, sessionID: UUID?, siteID: UUID? = nil) {
        self.userID = userID
        self.role = role
        self.address = address
        self.sessionID = sessionID
        self.siteID = siteID
    }

    /// Someone not signed in (a failed sign-in, a public form).
    public static func anonymous(address: String?) -> Actor {
        Actor(userID: nil, role: nil, address: address, sessionID: nil)
    }

    /// The command line, run by whoever has shell access to the server.
    public static let commandLine = Actor(userID: nil, role: nil, address: "command-line", sessionID: nil)
    /// The server acting on its own schedule (e.g. issuing measure links as plans fall due).
    public static let scheduler = Actor(userID: nil, role: nil, address: "scheduler", sessionID: nil)
}
