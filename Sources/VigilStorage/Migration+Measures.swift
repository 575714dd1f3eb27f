extension Migration {
    /// Rating-scale assessments (append-only: answers, instrument version and timing kept as given,
    /// enough for FHIR QuestionnaireResponse and Observation), suicidality alerts, links sent to
    /// patients (only the token's hash), and measurement plans.
    static let measures = Migration(
        id: "0006-measures",
        statements: [
            """
            CREATE TABLE assessments (
                id TEXT PRIMARY KEY,
                patient_id TEXT NOT NULL REFERENCES patients (id),
                instrument TEXT NOT NULL,
                version TEXT NOT NULL,
                answers TEXT NOT NULL,
                total BIGINT,
                severity TEXT,
                flags TEXT NOT NULL,
                domains TEXT NOT NULL,
                symptom_groups TEXT NOT NULL,
                risk TEXT,
                reasons TEXT NOT NULL,
                taken_at TEXT NOT NULL,
                source TEXT NOT NULL,
                timing TEXT,
                session_id TEXT,
                entered_by TEXT REFERENCES users (id),
                entered_by_name TEXT,
                recorded_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX assessments_patient ON assessments (patient_id, instrument, taken_at)",
            """
            CREATE TABLE suicidality_alerts (
                id TEXT PRIMARY KEY,
                patient_id TEXT NOT NULL REFERENCES patients (id),
                assessment_id TEXT NOT NULL REFERENCES assessments (id),
                instrument TEXT NOT NULL,
                reasons TEXT NOT NULL,
                raised_at TEXT NOT NULL,
                acknowledged_by TEXT REFERENCES users (id),
                acknowledged_by_name TEXT,
                acknowledged_at TEXT,
                action_taken TEXT
            )
            """,
            "CREATE INDEX suicidality_alerts_open ON suicidality_alerts (acknowledged_at, raised_at)",
            "CREATE INDEX suicidality_alerts_patient ON suicidality_alerts (patient_id, raised_at)",
            """
            CREATE TABLE measurement_plans (
                id TEXT PRIMARY KEY,
                patient_id TEXT NOT NULL REFERENCES patients (id),
                instrument TEXT NOT NULL,
                every_days BIGINT NOT NULL,
                start_date TEXT NOT NULL,
                reason TEXT NOT NULL,
                created_by TEXT REFERENCES users (id),
                created_by_name TEXT NOT NULL,
                created_at TEXT NOT NULL,
                stopped_at TEXT,
                stopped_by TEXT REFERENCES users (id)
            )
            """,
            "CREATE INDEX measurement_plans_patient ON measurement_plans (patient_id)",
            """
            CREATE TABLE measure_requests (
                id TEXT PRIMARY KEY,
                patient_id TEXT NOT NULL REFERENCES patients (id),
                instrument TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                reason TEXT NOT NULL,
                timing TEXT,
                requested_by TEXT REFERENCES users (id),
                requested_by_name TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                completed_at TEXT,
                assessment_id TEXT REFERENCES assessments (id),
                plan_id TEXT REFERENCES measurement_plans (id),
                delivery TEXT NOT NULL,
                delivery_note TEXT
            )
            """,
            "CREATE INDEX measure_requests_patient ON measure_requests (patient_id, created_at)",
            "CREATE INDEX measure_requests_plan ON measure_requests (plan_id, created_at)",
        ],
        engineSpecific: { engine in appendOnly("assessments", on: engine) }
    )
}

extension Migration {
    /// Alert levels: an urgent signal, or a lesser one for review (alerts raised before are urgent).
    static let alertLevels = Migration(
        id: "0015-alert-levels",
        statements: ["ALTER TABLE suicidality_alerts ADD COLUMN level TEXT NOT NULL DEFAULT 'urgent'"])
}
