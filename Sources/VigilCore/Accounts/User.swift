import Foundation

/// A staff account. Credentials live in storage only; this value never carries a password hash.
public struct User: Sendable, Equatable {
    public var id: UUID
    public var email: String
    public var name: String
    public var role: Role
    public var active: Bool
    public var createdAt: Date

    public init(id: UUID, email: String, name: String, role: Role, active: Bool, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.active = active
        self.createdAt = createdAt
    }
}
