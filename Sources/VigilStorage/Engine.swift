/// The two database engines Vigil runs on. Everything that differs between them is decided here,
/// so the rest of the storage code is one dialect-neutral implementation.
public enum Engine: String, Sendable {
    case sqlite
    case postgres

    /// SQLite takes the write lock at BEGIN so that two writers never deadlock upgrading a read lock.
    var beginWrite: String {
        switch self {
        case .sqlite: "BEGIN IMMEDIATE"
        case .postgres: "BEGIN"
        }
    }

    /// Serialises audited writes across server processes, so the audit chain stays a single line.
    /// SQLite needs nothing: BEGIN IMMEDIATE already admits one writer at a time.
    var serialiseWrites: String? {
        switch self {
        case .sqlite: nil
        case .postgres: "SELECT pg_advisory_xact_lock(\(Self.writeLockKey))"
        }
    }

    /// Taken while migrating, so several processes starting together migrate once.
    var serialiseMigrations: String? {
        switch self {
        case .sqlite: nil
        case .postgres: "SELECT pg_advisory_xact_lock(\(Self.migrationLockKey))"
        }
    }

    /// Arbitrary constants naming Vigil's advisory locks ("VIGL" and "VIGM" in ASCII).
    static let writeLockKey: Int64 = 0x5649_474C
    static let migrationLockKey: Int64 = 0x5649_474D
}
