import VigilCore

extension Migration {
    /// The clinic network's sites. The site every existing record belongs to is made from the
    /// settings that were clinic-wide (name, address, phone, chairs, hours, closed dates, DEA
    /// registration, crisis line), which then leave the settings; its time zone stays empty, so it
    /// follows the server's `--time-zone` until one is set. Users work at it, and bookings, courses,
    /// sessions, patients (their home site), stock lots and physical inventories are placed at it.
    /// Audit events gain the actor's site (nil on older events, which keep their hashes).
    static let sites = Migration(
        id: "0020-sites",
        statements: [
            """
            CREATE TABLE sites (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                address TEXT NOT NULL,
                phone TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                chairs TEXT NOT NULL,
                opening_hours TEXT NOT NULL,
                closed_dates TEXT NOT NULL,
                dea_registration TEXT NOT NULL,
                dea_registration_expires_on TEXT,
                rems_setting_id TEXT NOT NULL,
                rems_certified_on TEXT,
                crisis_line TEXT NOT NULL,
                active BOOLEAN NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX sites_name ON sites (name)",
            """
            INSERT INTO sites (id, name, address, phone, time_zone, chairs, opening_hours, closed_dates, dea_registration,
                               dea_registration_expires_on, rems_setting_id, rems_certified_on, crisis_line, active)
            VALUES ('\(first)',
                    COALESCE((SELECT value FROM clinic_settings WHERE name = 'clinicName'), 'Vigil clinic'),
                    COALESCE((SELECT value FROM clinic_settings WHERE name = 'clinicAddress'), ''),
                    COALESCE((SELECT value FROM clinic_settings WHERE name = 'clinicPhone'), ''),
                    '',
                    COALESCE((SELECT value FROM clinic_settings WHERE name = 'chairs'), 'Chair 1
            Chair 2
            Chair 3
            Chair 4'),
                    COALESCE((SELECT value FROM clinic_settings WHERE name = 'openingHours'), 'mon 08:00-18:00; tue 08:00-18:00; wed 08:00-18:00; thu 08:00-18:00; fri 08:00-18:00'),
                    COALESCE((SELECT value FROM clinic_settings WHERE name = 'closedDates'), ''),
                    COALESCE((SELECT value FROM clinic_settings WHERE name = 'deaRegistration'), ''),
                    (SELECT value FROM clinic_settings WHERE name = 'deaRegistrationExpiresOn' AND value <> ''),
                    '', NULL,
                    COALESCE((SELECT value FROM clinic_settings WHERE name = 'crisisLine'), 'If you are in crisis or thinking about suicide, call or text 988 (Suicide & Crisis Lifeline, US). In an emergency call 911 or go to the nearest emergency department.'),
                    TRUE)
            """,
            "DELETE FROM clinic_settings WHERE name IN ('clinicName', 'clinicAddress', 'clinicPhone', 'chairs', 'openingHours', 'closedDates', 'deaRegistration', 'deaRegistrationExpiresOn', 'crisisLine')",
            // Every existing record is at the first site; new ones always name theirs.
            "ALTER TABLE users ADD COLUMN site_ids TEXT NOT NULL DEFAULT '\(first)'",
            "ALTER TABLE users ADD COLUMN network_access BOOLEAN NOT NULL DEFAULT FALSE",
            "ALTER TABLE sessions ADD COLUMN site_id TEXT",
            "ALTER TABLE patients ADD COLUMN home_site_id TEXT NOT NULL DEFAULT '\(first)'",
            "ALTER TABLE courses ADD COLUMN site_id TEXT NOT NULL DEFAULT '\(first)'",
            "ALTER TABLE appointments ADD COLUMN site_id TEXT NOT NULL DEFAULT '\(first)'",
            "ALTER TABLE dosing_sessions ADD COLUMN site_id TEXT NOT NULL DEFAULT '\(first)'",
            "ALTER TABLE stock_lots ADD COLUMN site_id TEXT NOT NULL DEFAULT '\(first)'",
            "ALTER TABLE physical_inventories ADD COLUMN site_id TEXT NOT NULL DEFAULT '\(first)'",
            "ALTER TABLE audit_events ADD COLUMN site_id TEXT",
            "CREATE INDEX appointments_site_date ON appointments (site_id, appointment_date)",
            // A lot number is unique per product at a site: a transfer puts the same lot at a second site.
            "DROP INDEX stock_lots_product_lot",
            "CREATE UNIQUE INDEX stock_lots_site_product_lot ON stock_lots (site_id, product_id, lot_number)",
            "CREATE INDEX audit_events_site ON audit_events (site_id, sequence)",
        ])

    private static var first: String { Site.firstID.uuidString.lowercased() }
}
