import Foundation
import SQLKit
import VigilCore

/// A session with what its REMS monitoring form needs beyond the session itself.
public struct RemsFormFile: Sendable {
    public let session: DosingSession
    public let form: RemsMonitoringForm
}

/// The esketamine REMS monitoring forms: one session's, and a site's queue of forms due.
extension Database {
    /// The REMS monitoring form for an esketamine session, built from the record.
    public func remsForm(id: UUID, by actor: Actor) async throws -> RemsFormFile {
        try await write { tx in
            let session = try await tx.sql.dosingSession(id: id)
            guard session.route.isEsketamine else { throw ValidationError("session", "the REMS monitoring form is for esketamine sessions") }
            let settings = try await tx.sql.clinicSettings()
            let patient = try await tx.sql.patient(id: session.patientID)
            let earlier = try await tx.sql.dosingSessions(where: { $0.where("patient_id", .equal, session.patientID.lowercased) })
                .filter { $0.route.isEsketamine && $0.administration != nil && ($0.date, $0.sessionNumber) < (session.date, session.sessionNumber) }
            var supervisorEmail: String?
            if let supervisor = session.administration?.supervisedBy {
                supervisorEmail = try await tx.sql.select().column("email").from("users").where("id", .equal, supervisor.id.lowercased)
                    .first(decodingColumn: "email", as: String.self)
            }
            let cadss = try await tx.sql.assessments(patientID: session.patientID).last { $0.sessionID == id && $0.instrument == .cadss6 }
            let context = RemsMonitoringForm.Context(patient: patient, firstTreatment: earlier.isEmpty, clinicianEmail: supervisorEmail,
                                                     site: try await tx.sql.site(id: session.siteID), cadssTotal: cadss?.score.total,
                                                     screening: try await tx.sql.screening(patientID: session.patientID))
            try await tx.audit(AuditRecord(actor, .read, resourceType: "DosingSession", resourceID: id.lowercased, patientID: session.patientID,
                                           detail: "REMS monitoring form"))
            return RemsFormFile(session: session, form: RemsMonitoringForm(session: session, context: context, rules: settings.sessionRules))
        }
    }

    /// Esketamine sessions whose REMS form is due, submitted or overdue, from `since` on, newest first.
    public func remsQueue(since: CalendarDate, site: UUID, by actor: Actor) async throws -> [DosingSession] {
        try await write { tx in
            let found = try await tx.sql.dosingSessions(where: {
                $0.where("route", .equal, TreatmentRoute.esketamineNasal.rawValue).where("session_date", .greaterThanOrEqual, since.description)
                    .where("site_id", .equal, site.lowercased)
            }).filter { $0.administration != nil }
            try await tx.audit(AuditRecord(actor, .read, resourceType: "DosingSession", resourceID: nil, patientID: nil,
                                           detail: "REMS form queue from \(since): \(found.count)", patientsShown: found.map(\.patientID)))
            return found.sorted { ($0.date, $0.patientName) > ($1.date, $1.patientName) }
        }
    }
}
