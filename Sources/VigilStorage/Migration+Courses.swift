extension Migration {
    /// Clinic protocols (every version kept), courses with the protocol version they started with,
    /// dose orders (append-only), boosters, decisions on booster advice, and appointments in chairs.
    static let courses = Migration(
        id: "0007-courses",
        statements: [
            """
            CREATE TABLE treatment_protocols (
                id TEXT NOT NULL,
                version BIGINT NOT NULL,
                definition TEXT NOT NULL,
                created_by TEXT REFERENCES users (id),
                created_by_name TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (id, version)
            )
            """,
            """
            CREATE TABLE courses (
                id TEXT PRIMARY KEY,
                patient_id TEXT NOT NULL REFERENCES patients (id),
                protocol_id TEXT NOT NULL,
                protocol_version BIGINT NOT NULL,
                protocol TEXT NOT NULL,
                start_date TEXT NOT NULL,
                cadences TEXT NOT NULL,
                status TEXT NOT NULL,
                status_reason TEXT,
                status_changed_on TEXT,
                created_by TEXT REFERENCES users (id),
                created_by_name TEXT NOT NULL,
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX courses_patient ON courses (patient_id, start_date)",
            """
            CREATE TABLE dose_orders (
                id TEXT PRIMARY KEY,
                course_id TEXT NOT NULL REFERENCES courses (id),
                from_session BIGINT NOT NULL,
                amount DOUBLE PRECISION NOT NULL,
                dose_mg DOUBLE PRECISION NOT NULL,
                dose_mg_per_kg DOUBLE PRECISION,
                devices BIGINT,
                weight_kg DOUBLE PRECISION,
                weight_measured_on TEXT,
                reason TEXT NOT NULL,
                override_reason TEXT,
                ordered_by TEXT REFERENCES users (id),
                ordered_by_name TEXT NOT NULL,
                ordered_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX dose_orders_course ON dose_orders (course_id)",
            """
            CREATE TABLE course_boosters (
                id TEXT PRIMARY KEY,
                course_id TEXT NOT NULL REFERENCES courses (id),
                planned_date TEXT NOT NULL,
                reason TEXT NOT NULL,
                created_by TEXT REFERENCES users (id),
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE booster_advice_decisions (
                course_id TEXT NOT NULL REFERENCES courses (id),
                advice_key TEXT NOT NULL,
                decision TEXT NOT NULL,
                note TEXT NOT NULL,
                decided_by TEXT REFERENCES users (id),
                decided_by_name TEXT NOT NULL,
                decided_at TEXT NOT NULL,
                PRIMARY KEY (course_id, advice_key)
            )
            """,
            """
            CREATE TABLE appointments (
                id TEXT PRIMARY KEY,
                patient_id TEXT NOT NULL REFERENCES patients (id),
                kind TEXT NOT NULL,
                course_id TEXT REFERENCES courses (id),
                session_number BIGINT,
                protocol_id TEXT,
                route TEXT,
                minimum_days_apart BIGINT,
                minimum_chair_minutes BIGINT,
                appointment_date TEXT NOT NULL,
                start_minute BIGINT NOT NULL,
                duration_minutes BIGINT NOT NULL,
                chair TEXT NOT NULL,
                staff TEXT NOT NULL,
                note TEXT,
                status TEXT NOT NULL,
                change_reason TEXT,
                change_note TEXT,
                created_by TEXT REFERENCES users (id),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX appointments_day ON appointments (appointment_date, chair)",
            "CREATE INDEX appointments_patient ON appointments (patient_id, appointment_date)",
            "CREATE INDEX appointments_course ON appointments (course_id, session_number)",
        ],
        engineSpecific: { engine in appendOnly("dose_orders", on: engine) + appendOnly("treatment_protocols", on: engine) }
    )
}

extension Migration {
    /// A prescriber's signature on a clinic protocol version; append-only, as the versions are.
    static let protocolSignatures = Migration(
        id: "0017-protocol-signatures",
        statements: [
            """
            CREATE TABLE protocol_signatures (
                id TEXT NOT NULL,
                version BIGINT NOT NULL,
                signed_by TEXT REFERENCES users (id),
                signed_by_name TEXT NOT NULL,
                signed_at TEXT NOT NULL,
                PRIMARY KEY (id, version)
            )
            """,
        ],
        engineSpecific: { engine in appendOnly("protocol_signatures", on: engine) })
}

extension Migration {
    /// Attendance: bookings whose patient was checked in before attendance was kept become arrived,
    /// and those whose session was a no-show become no-shows, so the board's list of attendance to
    /// record holds only what nobody recorded. A course session number may be opened again once its
    /// session ended without a dose (the rule is `DosingSession.holdsItsNumber`, checked in the
    /// serialised write), so the index on it is no longer unique.
    static let attendance = Migration(
        id: "0019-attendance",
        statements: [
            "DROP INDEX dosing_sessions_course_number",
            "CREATE INDEX dosing_sessions_course_number ON dosing_sessions (course_id, session_number)",
            """
            UPDATE appointments SET status = 'no-show'
            WHERE status = 'booked' AND id IN (SELECT appointment_id FROM dosing_sessions WHERE status = 'no-show')
            """,
            """
            UPDATE appointments SET status = 'arrived'
            WHERE status = 'booked' AND id IN (SELECT appointment_id FROM dosing_sessions WHERE status NOT IN ('scheduled', 'no-show', 'cancelled'))
            """,
        ])
}
