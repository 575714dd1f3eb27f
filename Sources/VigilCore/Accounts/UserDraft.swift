import Foundation

/// A new account as requested, checked: a valid email, a name, a role and an acceptable password.
public struct UserDraft: Sendable {
    public let email: EmailAddress
    public let name: String
    public let role: Role
    public let password: String
    /// The sites they will work at; nil leaves it to storage: the only site of a one-site network.
    public let siteIDs: [UUID]?
    public let networkAccess: Bool

    /// Checks every field and reports all problems at once.
    public init(email: String?, name: String?, role: String?, password: String?, sites: [String]? = nil, networkAccess: Bool? = nil) throws(ValidationError) {
        var validator = Validator()
        let parsedEmail = email.flatMap(EmailAddress.init)
        validator.check(parsedEmail != nil, "email", email == nil ? "is required" : "is not a valid email address")
        let trimmedName = name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        validator.check(!trimmedName.isEmpty, "name", "is required")
        validator.check(trimmedName.count <= 200, "name", "must be at most 200 characters")
        let parsedRole: Role? = validator.choice(role, "role")
        if let password {
            for problem in PasswordPolicy().problems(with: password, email: email, name: trimmedName) {
                validator.add("password", problem)
            }
        } else {
            validator.add("password", "is required")
        }
        let siteIDs = sites.map { validator.siteIDs($0) }
        try validator.finish()
        self.siteIDs = siteIDs
        self.networkAccess = networkAccess ?? false
        self.email = parsedEmail!
        self.name = trimmedName
        self.role = parsedRole!
        self.password = password!
    }
}

/// A change to an existing account. Only the fields given change.
public struct UserChange: Sendable, Equatable {
    public var name: String?
    public var role: Role?
    public var active: Bool?
    public var siteIDs: [UUID]?
    public var networkAccess: Bool?

    public init(name: String? = nil, role: Role? = nil, active: Bool? = nil, siteIDs: [UUID]? = nil, networkAccess: Bool? = nil) {
        self.name = name
        self.role = role
        self.active = active
        self.siteIDs = siteIDs
        self.networkAccess = networkAccess
    }

    /// Checks raw values from a request.
    public static func checked(name: String?, role: String?, active: Bool?, sites: [String]? = nil, networkAccess: Bool? = nil) throws(ValidationError) -> UserChange {
        var validator = Validator()
        let trimmedName = name?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let trimmedName {
            validator.check(!trimmedName.isEmpty && trimmedName.count <= 200, "name", "must be 1 to 200 characters")
        }
        let parsedRole: Role? = role == nil ? nil : validator.choice(role, "role")
        let siteIDs = sites.map { validator.siteIDs($0) }
        validator.check(name != nil || role != nil || active != nil || sites != nil || networkAccess != nil, "body",
                        "names nothing to change (name, role, active, sites or networkAccess)")
        try validator.finish()
        return UserChange(name: trimmedName, role: parsedRole, active: active, siteIDs: siteIDs, networkAccess: networkAccess)
    }

    /// Plain words for the audit trail: "role: nurse → prescriber; active: true → false".
    public func describe(from user: User) -> String {
        var parts: [String] = []
        if let name, name != user.name { parts.append("name changed") }
        if let role, role != user.role { parts.append("role: \(user.role.rawValue) → \(role.rawValue)") }
        if let active, active != user.active { parts.append("active: \(user.active) → \(active)") }
        if let siteIDs, Set(siteIDs) != Set(user.siteIDs) { parts.append("sites: \(user.siteIDs.count) → \(siteIDs.count) (\(siteIDs.map { $0.uuidString.lowercased() }.joined(separator: " ")))") }
        if let networkAccess, networkAccess != user.networkAccess { parts.append("network access: \(user.networkAccess) → \(networkAccess)") }
        return parts.isEmpty ? "no change" : parts.joined(separator: "; ")
    }
}

extension Validator {
    /// The sites a user works at, as ids: one to 200 (the largest networks), each once.
    mutating func siteIDs(_ texts: [String]) -> [UUID] {
        let ids = texts.prefix(201).compactMap { UUID(uuidString: $0.trimmingCharacters(in: .whitespaces)) }
        check(ids.count == texts.count, "sites", "must be site ids")
        check((1...200).contains(ids.count), "sites", "must name 1 to 200 sites the user works at")
        check(Set(ids).count == ids.count, "sites", "must not name a site twice")
        return ids
    }
}
