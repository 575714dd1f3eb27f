/// One field that failed validation, with a reason a person can act on.
public struct FieldError: Error, Sendable, Equatable, Codable {
    /// The field's name as the client sent it, with a path for nested values (`user.email`, `answers[3]`).
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// A request whose values broke one or more rules. Collects every failure, not just the first,
/// so a form can show them all at once.
public struct ValidationError: Error, Sendable, Equatable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public init(_ field: String, _ message: String) {
        self.errors = [FieldError(field, message)]
    }
}

/// Gathers field errors while checking a value, then throws them together.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func check(_ condition: Bool, _ field: String, _ message: String) {
        if !condition { errors.append(FieldError(field, message)) }
    }

    public mutating func add(_ field: String, _ message: String) {
        errors.append(FieldError(field, message))
    }

    public func finish() throws(ValidationError) {
        if !errors.isEmpty { throw ValidationError(errors) }
    }
}

extension Validator {
    public mutating func add(contentsOf errors: [FieldError]) {
        for error in errors { add(error.field, error.message) }
    }
}
