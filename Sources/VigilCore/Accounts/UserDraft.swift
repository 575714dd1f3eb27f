/// A new account as requested, checked: a valid email, a name, a role and an acceptable password.
public struct UserDraft: Sendable {
    public let email: EmailAddress
    public let name: String
    public let role: Role
    public let password: String

    /// Checks every field and reports all problems at once.
    public init(email: String?, name: String?, role: String?, password: String?) throws(ValidationError) {
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
        try validator.finish()
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

    public init(name: String? = nil, role: Role? = nil, active: Bool? = nil) {
        self.name = name
        self.role = role
        self.active = active
    }

    /// Checks raw values from a request.
    public static func checked(name: String?, role: String?, active: Bool?) throws(ValidationError) -> UserChange {
        var validator = Validator()
        let trimmedName = name?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let trimmedName {
            validator.check(!trimmedName.isEmpty && trimmedName.count <= 200, "name", "must be 1 to 200 characters")
        }
        let parsedRole: Role? = role == nil ? nil : validator.choice(role, "role")
        validator.check(name != nil || role != nil || active != nil, "body", "names nothing to change (name, role or active)")
        try validator.finish()
        return UserChange(name: trimmedName, role: parsedRole, active: active)
    }

    /// Plain words for the audit trail: "role: nurse → prescriber; active: true → false".
    public func describe(from user: User) -> String {
        var parts: [String] = []
        if let name, name != user.name { parts.append("name changed") }
        if let role, role != user.role { parts.append("role: \(user.role.rawValue) → \(role.rawValue)") }
        if let active, active != user.active { parts.append("active: \(user.active) → \(active)") }
        return parts.isEmpty ? "no change" : parts.joined(separator: "; ")
    }
}
