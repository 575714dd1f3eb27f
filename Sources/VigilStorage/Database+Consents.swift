import Foundation
import SQLKit
import VigilCore

extension Database {
    /// Every version of every consent template, newest version first per route.
    public func consentTemplates() async throws -> [ConsentTemplate] {
        try await read { sql in
            try await sql.select().column("*").from("consent_templates").orderBy("route").orderBy("version", .descending)
                .all().map(ConsentTemplate.init(row:))
        }
    }

    /// The version a patient is shown now: the newest for the route.
    public func currentConsentTemplate(route: TreatmentRoute) async throws -> ConsentTemplate? {
        try await consentTemplates().first { $0.route == route }
    }

    /// Publishes a new version of a route's template; earlier versions stay, unchanged, for the consents that cite them.
    public func publishConsentTemplate(route: TreatmentRoute, title: String, body: String, by actor: Actor) async throws -> ConsentTemplate {
        try await write { tx in
            let latest = try await tx.sql.select().column(SQLFunction("MAX", args: SQLColumn("version")), as: "latest")
                .from("consent_templates").where("route", .equal, route.rawValue).first(decodingColumn: "latest", as: Int?.self) ?? nil
            let template = ConsentTemplate(id: NewID.make(), route: route, version: (latest ?? 0) + 1, title: title, body: body, createdAt: tx.now)
            try await tx.sql.insert(into: "consent_templates")
                .columns("id", "route", "version", "title", "body", "created_by", "created_at")
                .values(SQLBind(template.id.lowercased), SQLBind(route.rawValue), SQLBind(template.version), SQLBind(title), SQLBind(body),
                        SQLBind(actor.userID?.lowercased), SQLBind(Instant.format(tx.now)))
                .run()
            try await tx.audit(AuditRecord(actor, .create, resourceType: "ConsentTemplate", resourceID: template.id.lowercased,
                                           detail: "\(route.rawValue) version \(template.version)"))
            return template
        }
    }

    /// Records a consent to the exact template version shown, witnessed by the signed-in staff member.
    public func recordConsent(patientID: UUID, templateID: UUID, typedName: String, witness: User, by actor: Actor) async throws -> Consent {
        try await write { tx in
            let patient = try await tx.sql.patient(id: patientID)
            guard let row = try await tx.sql.select().column("*").from("consent_templates").where("id", .equal, templateID.lowercased).first()
            else { throw ValidationError("templateId", "names no consent template") }
            let template = try ConsentTemplate(row: row)
            guard Consent.typedName(typedName, matches: patient) else {
                throw ValidationError("typedName", "must be the patient's full name as on the record (\(patient.fullName))")
            }
            let consent = Consent(id: NewID.make(), patientID: patientID, templateID: template.id, route: template.route,
                                  templateVersion: template.version, typedName: typedName, signedAt: tx.now,
                                  witnessID: witness.id, witnessName: witness.name)
            try await tx.sql.insert(into: "consents")
                .columns("id", "patient_id", "template_id", "route", "template_version", "typed_name", "signed_at", "witness_id", "witness_name")
                .values(SQLBind(consent.id.lowercased), SQLBind(patientID.lowercased), SQLBind(template.id.lowercased), SQLBind(template.route.rawValue),
                        SQLBind(template.version), SQLBind(typedName), SQLBind(Instant.format(tx.now)), SQLBind(witness.id.lowercased), SQLBind(witness.name))
                .run()
            try await tx.audit(AuditRecord(actor, .create, resourceType: "Consent", resourceID: consent.id.lowercased, patientID: patientID,
                                           detail: "\(template.route.rawValue) template version \(template.version)"))
            return consent
        }
    }

    /// Withdraws a consent; it stays on the record, marked with when, by whom recorded, and why.
    /// Records a withdrawal; a course that needed the consent is paused in the same transaction.
    public func withdrawConsent(id: UUID, patientID: UUID, reason: String, today: CalendarDate, by actor: Actor) async throws -> Consent {
        try await write { tx in
            guard var consent = try await tx.sql.consents(patientID: patientID).first(where: { $0.id == id })
            else { throw StorageError.notFound("consent") }
            guard consent.withdrawnAt == nil else { throw ValidationError("consent", "was already withdrawn") }
            consent.withdrawnAt = tx.now
            consent.withdrawalReason = reason
            try await tx.sql.update("consents").set("withdrawn_at", to: Instant.format(tx.now)).set("withdrawn_by", to: actor.userID?.lowercased)
                .set("withdrawal_reason", to: reason).where("id", .equal, id.lowercased).run()
            try await tx.audit(AuditRecord(actor, .update, resourceType: "Consent", resourceID: id.lowercased, patientID: patientID,
                                           detail: "withdrawn"))
            try await tx.pauseCoursesWithUnmetPrerequisites(patientID: patientID, today: today, actor: actor)
            return consent
        }
    }
}

extension SQLDatabase {
    /// Every consent of the patient, newest first.
    func consents(patientID: UUID) async throws -> [Consent] {
        try await select().column("*").from("consents").where("patient_id", .equal, patientID.lowercased)
            .orderBy("signed_at", .descending).all().map { row in
                Consent(id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)), patientID: patientID,
                        templateID: try StoredValue.uuid(try row.decode(column: "template_id", as: String.self)),
                        route: try StoredValue.enumValue(try row.decode(column: "route", as: String.self)),
                        templateVersion: try row.decode(column: "template_version", as: Int.self),
                        typedName: try row.decode(column: "typed_name", as: String.self),
                        signedAt: try StoredValue.instant(try row.decode(column: "signed_at", as: String.self)),
                        witnessID: try StoredValue.uuid(try row.decode(column: "witness_id", as: String.self)),
                        witnessName: try row.decode(column: "witness_name", as: String.self),
                        withdrawnAt: try row.decode(column: "withdrawn_at", as: String?.self).map(StoredValue.instant),
                        withdrawalReason: try row.decode(column: "withdrawal_reason", as: String?.self))
            }
    }
}

extension ConsentTemplate {
    init(row: any SQLRow) throws {
        self.init(id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)),
                  route: try StoredValue.enumValue(try row.decode(column: "route", as: String.self)),
                  version: try row.decode(column: "version", as: Int.self),
                  title: try row.decode(column: "title", as: String.self), body: try row.decode(column: "body", as: String.self),
                  createdAt: try StoredValue.instant(try row.decode(column: "created_at", as: String.self)))
    }
}
