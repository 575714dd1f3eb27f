/// Failures the storage layer reports in the clinic's terms. Anything else is a bug.
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database could not be reached (PostgreSQL down, file unreadable): the web layer answers 503.
    case unavailable(String)
    /// The settings name a database that cannot be used.
    case invalidConfiguration(String)
    /// A unique value is already taken.
    case conflict(field: String, message: String)
    /// No such record.
    case notFound(String)
    /// The signed-in role may not do this (the denial is already audited): the web layer answers 403.
    case forbidden(String)
    /// Too many requests from one sender, or from everyone at once; try again after the delay.
    case rateLimited(retryAfterSeconds: Int, message: String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "database unavailable: \(reason)"
        case .invalidConfiguration(let reason): reason
        case .conflict(let field, let message): "\(field) \(message)"
        case .notFound(let what): "\(what) not found"
        case .forbidden(let reason): reason
        case .rateLimited(_, let message): message
        }
    }
}
