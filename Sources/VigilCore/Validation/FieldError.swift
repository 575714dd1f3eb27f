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

extension Validator {
    /// "must be one of a, b, c": the message for a value outside an enumeration.
    public static func oneOf<T: RawRepresentable>(_ allowed: [T]) -> String where T.RawValue == String {
        "must be one of \(allowed.map(\.rawValue).joined(separator: ", "))"
    }

    /// Parses one of the allowed values of an enumeration; anything else, a missing value included,
    /// is reported under `field` with the values allowed.
    public mutating func choice<T: RawRepresentable & CaseIterable>(_ text: String?, _ field: String,
                                                                   among allowed: [T] = Array(T.allCases)) -> T? where T.RawValue == String {
        let value = allowed.first { $0.rawValue == text }
        check(value != nil, field, Self.oneOf(allowed))
        return value
    }
}

extension Validator {
    /// An optional choice such as a query filter: absent or empty is nil; anything else must be allowed.
    public static func optionalChoice<T: RawRepresentable & CaseIterable>(_ text: String?, _ field: String) throws(ValidationError) -> T?
    where T.RawValue == String {
        guard let text, !text.isEmpty else { return nil }
        var validator = Validator()
        let value: T? = validator.choice(text, field)
        try validator.finish()
        return value
    }
}

/// A request that is well formed but clashes with the record as it stands (a booked chair, an
/// illegal status change): answered 409 with every reason.
public struct ConflictError: Error, Sendable, Equatable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public init(_ field: String, _ message: String) {
        self.errors = [FieldError(field, message)]
    }

    /// The reasons joined for a page or a problem title.
    public var summary: String { errors.map(\.message).joined(separator: " ") }
}

extension Validator {
    /// Trimmed text of at most `max` characters; nil when blank, which is an error when required.
    public mutating func text(_ value: String?, _ field: String, max: Int, required: Bool = true) -> String? {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if trimmed == nil && required { add(field, "is required") }
        if let trimmed, trimmed.count > max { add(field, "must be at most \(max) characters") }
        if let trimmed { printable(trimmed, field) }
        return trimmed
    }

    /// Refuses control characters (NUL, escape, the C1 range…) other than tab and line breaks: they
    /// hide text on screens, truncate it in C libraries and corrupt exports.
    public mutating func printable(_ value: String, _ field: String) {
        check(!value.unicodeScalars.contains { $0.properties.generalCategory == .control && !"\t\n\r".unicodeScalars.contains($0) },
              field, "must not contain control characters")
    }
}
