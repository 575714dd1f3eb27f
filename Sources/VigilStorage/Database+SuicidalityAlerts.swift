import Foundation
import SQLKit
import VigilCore

extension Database {
    /// Alerts across the clinic, newest first, open or acknowledged (nil: both), with each patient's
    /// name; audited as a read of the alert list.
    public func suicidalityAlerts(status: SuicidalityAlert.Status?, page: Page, by actor: Actor) async throws -> Paged<SuicidalityAlert> {
        try await write { tx in
            func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                let from = select.from("suicidality_alerts")
                switch status {
                case .open: return from.where("acknowledged_at", .is, SQLLiteral.null)
                case .acknowledged: return from.where("acknowledged_at", .isNot, SQLLiteral.null)
                case nil: return from
                }
            }
            let total = try await filtered(tx.sql.selectCount()).total()
            let rows = try await filtered(tx.sql.select().column("*")).orderBy("raised_at", .descending)
                .limit(page.size).offset(page.offset).all()
            let alerts = try await tx.sql.named(try rows.map(SuicidalityAlert.init(row:)))
            try await tx.audit(AuditRecord(actor, .read, resourceType: "SuicidalityAlertList",
                                           detail: "\(status?.rawValue ?? "all") alerts, page \(page.number), \(total) found",
                                           patientsShown: alerts.map(\.patientID)))
            return Paged(items: alerts, page: page, total: total)
        }
    }

    /// Closes an open alert with the clinician's note of the action taken; audited. An alert already
    /// acknowledged cannot be acknowledged again (409).
    public func acknowledgeSuicidalityAlert(id: UUID, actionTaken: String, clinician: User, by actor: Actor) async throws -> SuicidalityAlert {
        try await write { tx in
            let alert = try await tx.sql.suicidalityAlert(id: id)
            guard alert.status == .open else {
                throw StorageError.conflict(field: "alert", message: "was already acknowledged by \(alert.acknowledgedByName ?? "a clinician")")
            }
            try await tx.sql.update("suicidality_alerts")
                .set("acknowledged_by", to: SQLBind(clinician.id.lowercased)).set("acknowledged_by_name", to: SQLBind(clinician.name))
                .set("acknowledged_at", to: SQLBind(Instant.format(tx.now))).set("action_taken", to: SQLBind(actionTaken))
                .where("id", .equal, id.lowercased).run()
            try await tx.audit(AuditRecord(actor, .update, resourceType: "SuicidalityAlert", resourceID: id.lowercased,
                                           patientID: alert.patientID, detail: "acknowledged; action taken recorded"))
            return try await tx.sql.suicidalityAlert(id: id)
        }
    }
}

extension SQLDatabase {
    /// One patient's alerts, newest first.
    func suicidalityAlerts(patientID: UUID) async throws -> [SuicidalityAlert] {
        try await select().column("*").from("suicidality_alerts").where("patient_id", .equal, patientID.lowercased)
            .orderBy("raised_at", .descending).all().map(SuicidalityAlert.init(row:))
    }

    func suicidalityAlert(id: UUID) async throws -> SuicidalityAlert {
        guard let row = try await select().column("*").from("suicidality_alerts").where("id", .equal, id.lowercased).first()
        else { throw StorageError.notFound("alert") }
        return try SuicidalityAlert(row: row)
    }

    /// The same alerts with the patient's name filled in.
    func named(_ alerts: [SuicidalityAlert]) async throws -> [SuicidalityAlert] {
        let names = try await patientNames(Set(alerts.map(\.patientID)))
        return alerts.map { alert in
            var named = alert
            named.patientName = names[alert.patientID]
            return named
        }
    }

    /// Full names by patient id, for lists that span patients.
    func patientNames(_ ids: Set<UUID>) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await select().columns("id", "given_name", "family_name").from("patients")
            .where("id", .in, ids.map(\.lowercased)).all()
        return Dictionary(uniqueKeysWithValues: try rows.map { row in
            (try StoredValue.uuid(try row.decode(column: "id", as: String.self)),
             "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))")
        })
    }
}

extension SuicidalityAlert {
    init(row: any SQLRow) throws {
        self.init(
            id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)),
            patientID: try StoredValue.uuid(try row.decode(column: "patient_id", as: String.self)),
            assessmentID: try StoredValue.uuid(try row.decode(column: "assessment_id", as: String.self)),
            instrument: try StoredValue.enumValue(try row.decode(column: "instrument", as: String.self)),
            level: try StoredValue.enumValue(try row.decode(column: "level", as: String.self)),
            reasons: try StoredValue.decode(try row.decode(column: "reasons", as: String.self)),
            raisedAt: try StoredValue.instant(try row.decode(column: "raised_at", as: String.self)),
            acknowledgedBy: try row.decode(column: "acknowledged_by", as: String?.self).map(StoredValue.uuid),
            acknowledgedByName: try row.decode(column: "acknowledged_by_name", as: String?.self),
            acknowledgedAt: try row.decode(column: "acknowledged_at", as: String?.self).map(StoredValue.instant),
            actionTaken: try row.decode(column: "action_taken", as: String?.self))
    }
}
