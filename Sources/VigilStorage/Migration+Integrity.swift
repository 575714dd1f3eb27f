extension Migration {
    /// The patients each list read showed: a column covered by the event's hash, and an index
    /// table so that a patient's accounting of access finds the lists they appeared on. Both it and
    /// the chain checkpoints are append-only, as the chains they serve are.
    static let patientsShown = Migration(
        id: "0012-audit-patients-shown",
        statements: [
            "ALTER TABLE audit_events ADD COLUMN patients_shown TEXT",
            """
            CREATE TABLE audit_event_patients (
                patient_id TEXT NOT NULL,
                sequence BIGINT NOT NULL,
                PRIMARY KEY (patient_id, sequence)
            )
            """,
        ],
        engineSpecific: { engine in appendOnly("audit_event_patients", on: engine) + appendOnly("chain_checkpoints", on: engine) })
}

extension Migration {
    /// One row `/readyz` rewrites to prove the database takes writes (a full disk answers SELECT).
    static let readinessProbe = Migration(
        id: "0013-readiness-probe",
        statements: ["CREATE TABLE readiness_probe (id INTEGER PRIMARY KEY, checked_at TEXT NOT NULL)"])
}
