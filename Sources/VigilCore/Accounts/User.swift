import Foundation

/// A staff account. Credentials live in storage only; this value never carries a password hash.
public struct User: Sendable, Equatable {
    public var id: UUID
    public var email: String
    public var name: String
    public var role: Role
    public var active: Bool
    public var createdAt: Date
    /// The sites they work at: one or more. Their current site is one of these (or any site, with
    /// network access).
    public var siteIDs: [UUID]
    /// A medical director's network view: every site's board, ledger and reports (`Permission.viewNetwork`).
    public var networkAccess: Bool

    public init(id: UUID, email: String, name: String, role: Role, active: Bool, createdAt: Date, siteIDs: [UUID] = [Site.firstID], networkAccess: Bool = false) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.active = active
        self.createdAt = createdAt
        self.siteIDs = siteIDs
        self.networkAccess = networkAccess
    }

    /// What the user may do: the role's permissions, and the network view when given it.
    public func may(_ permission: Permission) -> Bool {
        role.may(permission) || (permission == .viewNetwork && networkAccess)
    }

    /// Whether they may see and work at `site`: one of theirs, or any with the network view.
    public func mayWork(at site: UUID) -> Bool { siteIDs.contains(site) || may(.viewNetwork) }
}
