import PostgresKit
import SQLiteKit

/// Engine errors that say the database cannot take work right now — its disk is full, its storage
/// failed, the server is shutting down — rather than that the request or the code is wrong. They
/// become `StorageError.unavailable`, so the client gets a 503 with Retry-After, never a 500.
enum DatabaseFailure {
    static func unavailability(of error: any Error) -> StorageError? {
        if let sqlite = error as? SQLiteError {
            switch sqlite.reason {
            case .full: return .unavailable("the database's disk is full")
            case .ioError, .noLFS: return .unavailable("the database's storage failed: \(sqlite.message)")
            case .cantOpen, .readOnly: return .unavailable("the database file cannot be written: \(sqlite.message)")
            default: return nil
            }
        }
        if let postgres = error as? PSQLError, let state = postgres.serverInfo?[.sqlState] {
            // SQLSTATE classes 53 (insufficient resources: 53100 disk full), 57P (operator
            // intervention: shutdown, cannot connect now) and 58 (system error: I/O) — PostgreSQL
            // manual, Appendix A.
            if state == "53100" { return .unavailable("the database server's disk is full") }
            if state.hasPrefix("53") || state.hasPrefix("57P") || state.hasPrefix("58") {
                return .unavailable("the database server cannot take work (SQLSTATE \(state)): \(postgres.serverInfo?[.message] ?? "")")
            }
        }
        return nil
    }
}
