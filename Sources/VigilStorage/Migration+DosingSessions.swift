extension Migration {
    /// Dosing sessions with their moves, vitals, administration and side effects. Moves, vitals,
    /// administrations and side effects are only ever added, never changed.
    static let dosingSessions = Migration(
        id: "0008-dosing-sessions",
        statements: [
            """
            CREATE TABLE dosing_sessions (
                id TEXT PRIMARY KEY,
                patient_id TEXT NOT NULL REFERENCES patients (id),
                course_id TEXT NOT NULL REFERENCES courses (id),
                session_number BIGINT NOT NULL,
                route TEXT NOT NULL,
                appointment_id TEXT UNIQUE REFERENCES appointments (id),
                session_date TEXT NOT NULL,
                chair TEXT,
                status TEXT NOT NULL,
                checklist TEXT NOT NULL,
                acknowledgement TEXT,
                sign_off TEXT,
                rems_submission TEXT,
                created_by TEXT REFERENCES users (id),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX dosing_sessions_date ON dosing_sessions (session_date)",
            "CREATE INDEX dosing_sessions_patient ON dosing_sessions (patient_id)",
            "CREATE UNIQUE INDEX dosing_sessions_course_number ON dosing_sessions (course_id, session_number)",
            """
            CREATE TABLE session_transitions (
                id TEXT PRIMARY KEY,
                session_id TEXT NOT NULL REFERENCES dosing_sessions (id),
                from_status TEXT NOT NULL,
                to_status TEXT NOT NULL,
                moved_at TEXT NOT NULL,
                moved_by TEXT REFERENCES users (id),
                moved_by_name TEXT NOT NULL,
                note TEXT
            )
            """,
            "CREATE INDEX session_transitions_session ON session_transitions (session_id)",
            """
            CREATE TABLE session_vitals (
                id TEXT PRIMARY KEY,
                session_id TEXT NOT NULL REFERENCES dosing_sessions (id),
                taken_at TEXT NOT NULL,
                systolic BIGINT NOT NULL,
                diastolic BIGINT NOT NULL,
                heart_rate BIGINT NOT NULL,
                spo2 BIGINT NOT NULL,
                respiratory_rate BIGINT,
                sedation BIGINT,
                recorded_by TEXT REFERENCES users (id),
                recorded_by_name TEXT NOT NULL,
                recorded_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX session_vitals_session ON session_vitals (session_id, taken_at)",
            """
            CREATE TABLE session_administrations (
                id TEXT PRIMARY KEY,
                session_id TEXT NOT NULL UNIQUE REFERENCES dosing_sessions (id),
                dose_mg DOUBLE PRECISION NOT NULL,
                lot TEXT NOT NULL,
                started_at TEXT NOT NULL,
                record TEXT NOT NULL,
                recorded_by TEXT REFERENCES users (id),
                recorded_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE session_side_effects (
                id TEXT PRIMARY KEY,
                session_id TEXT NOT NULL REFERENCES dosing_sessions (id),
                kind TEXT NOT NULL,
                severity TEXT NOT NULL,
                occurred_at TEXT NOT NULL,
                intervention TEXT,
                recorded_by TEXT REFERENCES users (id),
                recorded_by_name TEXT NOT NULL,
                recorded_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX session_side_effects_session ON session_side_effects (session_id)",
        ])

    /// Periodic safety reviews of repeated dosing: only ever added.
    static let safetyReviews = Migration(
        id: "0009-safety-reviews",
        statements: [
            """
            CREATE TABLE safety_reviews (
                id TEXT PRIMARY KEY,
                patient_id TEXT NOT NULL REFERENCES patients (id),
                dosed_sessions BIGINT NOT NULL,
                concerns TEXT NOT NULL,
                note TEXT,
                reviewed_by TEXT REFERENCES users (id),
                reviewed_by_name TEXT NOT NULL,
                reviewed_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX safety_reviews_patient ON safety_reviews (patient_id, reviewed_at)",
        ])
}

extension Migration {
    /// When a session's side effect was documented resolved, and by whom: discharge waits for it.
    static let sideEffectResolution = Migration(
        id: "0014-side-effect-resolution",
        statements: ["ALTER TABLE session_side_effects ADD COLUMN resolved_at TEXT", "ALTER TABLE session_side_effects ADD COLUMN resolved_by_name TEXT"])
}
