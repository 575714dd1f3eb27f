/// One step of the schema. Steps are only ever added to the end of `Migration.all`, never edited,
/// so every database — laptop or clinic network — goes through the same history.
struct Migration: Sendable {
    /// Recorded in `schema_migrations` once applied. Never renamed.
    let id: String
    /// Portable SQL first; `engineSpecific` holds the few statements whose syntax differs.
    let statements: [String]
    var engineSpecific: @Sendable (Engine) -> [String] = { _ in [] }

    /// The ordered list. Types are chosen to mean the same on both engines: TEXT for ids (UUIDs
    /// in lower case), instants (RFC 3339 UTC, see `Instant`) and dates; BIGINT; BOOLEAN.
    static let all: [Migration] = [accounts, auditTrail]

    static let accounts = Migration(id: "0001-accounts", statements: [
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            email TEXT NOT NULL,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            active BOOLEAN NOT NULL,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        // Emails are stored lower-cased, so this index makes them unique case-insensitively.
        "CREATE UNIQUE INDEX users_email ON users (email)",
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            user_id TEXT NOT NULL REFERENCES users (id),
            csrf_token TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            ended_at TEXT,
            end_reason TEXT
        )
        """,
        "CREATE INDEX sessions_user ON sessions (user_id)",
    ])

    static let auditTrail = Migration(
        id: "0002-audit-trail",
        statements: [
            """
            CREATE TABLE audit_events (
                sequence BIGINT PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                occurred_at TEXT NOT NULL,
                user_id TEXT,
                role TEXT,
                address TEXT,
                session_id TEXT,
                action TEXT NOT NULL,
                outcome TEXT NOT NULL,
                patient_id TEXT,
                resource_type TEXT NOT NULL,
                resource_id TEXT,
                detail TEXT,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_events_time ON audit_events (occurred_at)",
            "CREATE INDEX audit_events_patient ON audit_events (patient_id, sequence)",
            "CREATE INDEX audit_events_user ON audit_events (user_id, sequence)",
        ],
        // The database itself refuses to change or remove audit rows (ONC 170.315(d)(2)); the hash
        // chain then detects anyone who goes around this with direct access.
        engineSpecific: { engine in
            switch engine {
            case .sqlite:
                [
                    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
                    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
                ]
            case .postgres:
                [
                    "CREATE FUNCTION vigil_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$",
                    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION vigil_refuse_change()",
                    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION vigil_refuse_change()",
                ]
            }
        }
    )
}
