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
    static let all: [Migration] = [accounts, auditTrail, patients, treatmentHistory, eligibilityAndConsent, measures, courses, dosingSessions, safetyReviews, ledger, checkpoints, patientsShown, readinessProbe, sideEffectResolution, alertLevels, adequateDoseDate, protocolSignatures,
                                   physicalInventories, attendance, sites, signInFailures]

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

    /// Records nobody may change once written (signed decisions), enforced by the database.
    static func appendOnly(_ table: String, on engine: Engine) -> [String] {
        switch engine {
        case .sqlite:
            [
                "CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table) BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END",
                "CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table) BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END",
            ]
        case .postgres:
            [
                "CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION vigil_refuse_change()",
                "CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION vigil_refuse_change()",
            ]
        }
    }

    /// Patients, their weights, and the website's consultation requests. Lists (diagnoses,
    /// medications, allergies) and contacts are JSON text: read and written whole with the record.
    static let patients = Migration(id: "0003-patients", statements: [
        """
        CREATE TABLE patients (
            id TEXT PRIMARY KEY,
            mrn TEXT NOT NULL UNIQUE,
            given_name TEXT NOT NULL,
            family_name TEXT NOT NULL,
            birth_date TEXT NOT NULL,
            sex TEXT NOT NULL,
            phone TEXT,
            email TEXT,
            address TEXT,
            height_cm DOUBLE PRECISION,
            diagnoses TEXT NOT NULL,
            medications TEXT NOT NULL,
            allergies TEXT NOT NULL,
            emergency_contact TEXT,
            ride_home_contact TEXT,
            rems_status TEXT NOT NULL,
            rems_date TEXT,
            search_text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX patients_name ON patients (family_name, given_name)",
        """
        CREATE TABLE patient_weights (
            id TEXT PRIMARY KEY,
            patient_id TEXT NOT NULL REFERENCES patients (id),
            weight_kg DOUBLE PRECISION NOT NULL,
            measured_on TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            recorded_by TEXT REFERENCES users (id)
        )
        """,
        "CREATE INDEX patient_weights_patient ON patient_weights (patient_id, measured_on)",
        """
        CREATE TABLE consultation_requests (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            phone TEXT,
            email TEXT,
            preferred_contact_time TEXT,
            message TEXT,
            sender_address TEXT NOT NULL,
            received_at TEXT NOT NULL,
            status TEXT NOT NULL,
            note TEXT,
            patient_id TEXT REFERENCES patients (id),
            handled_by TEXT REFERENCES users (id),
            handled_at TEXT
        )
        """,
        "CREATE INDEX consultation_requests_received ON consultation_requests (received_at)",
        "CREATE INDEX consultation_requests_sender ON consultation_requests (sender_address, received_at)",
    ])

    /// Antidepressant trials and their context, and the clinic's settings and drug-table edits.
    static let treatmentHistory = Migration(id: "0004-treatment-history", statements: [
        """
        CREATE TABLE medication_trials (
            id TEXT PRIMARY KEY,
            patient_id TEXT NOT NULL REFERENCES patients (id),
            drug TEXT NOT NULL,
            daily_dose_mg DOUBLE PRECISION NOT NULL,
            start_date TEXT NOT NULL,
            end_date TEXT,
            current_episode BOOLEAN NOT NULL,
            adherence TEXT NOT NULL,
            outcome TEXT NOT NULL,
            override_prescriber TEXT,
            override_reason TEXT,
            recorded_by TEXT REFERENCES users (id),
            recorded_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX medication_trials_patient ON medication_trials (patient_id, start_date)",
        """
        CREATE TABLE other_treatments (
            id TEXT PRIMARY KEY,
            patient_id TEXT NOT NULL REFERENCES patients (id),
            kind TEXT NOT NULL,
            description TEXT NOT NULL,
            start_date TEXT,
            end_date TEXT,
            current_episode BOOLEAN NOT NULL,
            recorded_by TEXT REFERENCES users (id),
            recorded_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX other_treatments_patient ON other_treatments (patient_id)",
        """
        CREATE TABLE depressive_episodes (
            patient_id TEXT PRIMARY KEY REFERENCES patients (id),
            start_date TEXT NOT NULL,
            severity TEXT NOT NULL,
            recorded_by TEXT REFERENCES users (id),
            recorded_at TEXT NOT NULL
        )
        """,
        // The clinic's edits to the built-in minimum-dose table; a removed drug keeps a row with no dose.
        """
        CREATE TABLE antidepressant_edits (
            generic_name TEXT PRIMARY KEY,
            drug_class TEXT,
            minimum_daily_dose_mg DOUBLE PRECISION,
            note TEXT,
            edited_by TEXT REFERENCES users (id),
            edited_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE clinic_settings (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_by TEXT REFERENCES users (id),
            updated_at TEXT NOT NULL
        )
        """,
    ])

    /// Screening, signed eligibility decisions (append-only), consent templates and consents.
    static let eligibilityAndConsent = Migration(
        id: "0005-eligibility-and-consent",
        statements: [
            """
            CREATE TABLE screenings (
                patient_id TEXT PRIMARY KEY REFERENCES patients (id),
                responses TEXT NOT NULL,
                systolic BIGINT,
                diastolic BIGINT,
                substance_use_history TEXT,
                updated_by TEXT REFERENCES users (id),
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE eligibility_decisions (
                id TEXT PRIMARY KEY,
                patient_id TEXT NOT NULL REFERENCES patients (id),
                route TEXT NOT NULL,
                status TEXT NOT NULL,
                reasons TEXT NOT NULL,
                treatment_resistance TEXT NOT NULL,
                note TEXT,
                signed_by TEXT NOT NULL REFERENCES users (id),
                signed_by_name TEXT NOT NULL,
                signed_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX eligibility_decisions_patient ON eligibility_decisions (patient_id, signed_at)",
            """
            CREATE TABLE consent_templates (
                id TEXT PRIMARY KEY,
                route TEXT NOT NULL,
                version BIGINT NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                created_by TEXT REFERENCES users (id),
                created_at TEXT NOT NULL,
                UNIQUE (route, version)
            )
            """,
            """
            CREATE TABLE consents (
                id TEXT PRIMARY KEY,
                patient_id TEXT NOT NULL REFERENCES patients (id),
                template_id TEXT NOT NULL REFERENCES consent_templates (id),
                route TEXT NOT NULL,
                template_version BIGINT NOT NULL,
                typed_name TEXT NOT NULL,
                signed_at TEXT NOT NULL,
                witness_id TEXT NOT NULL REFERENCES users (id),
                witness_name TEXT NOT NULL,
                withdrawn_at TEXT,
                withdrawn_by TEXT REFERENCES users (id),
                withdrawal_reason TEXT
            )
            """,
            "CREATE INDEX consents_patient ON consents (patient_id, signed_at)",
        ],
        engineSpecific: { engine in appendOnly("eligibility_decisions", on: engine) + appendOnly("consent_templates", on: engine) }
    )
}

extension Migration {
    /// When a medication trial reached its adequate dose, when known (duration counts from it).
    static let adequateDoseDate = Migration(
        id: "0016-adequate-dose-date",
        statements: ["ALTER TABLE medication_trials ADD COLUMN adequate_dose_on TEXT"])
}
