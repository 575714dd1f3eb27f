import Foundation
import SQLKit
import VigilCore

extension Database {
    /// Replaces the patient's screening; the audit event names the items whose answers changed.
    public func saveScreening(_ screening: Screening, patientID: UUID, by actor: Actor) async throws {
        try await write { tx in
            _ = try await tx.sql.patient(id: patientID)
            let before = try await tx.sql.screening(patientID: patientID)
            try await tx.sql.delete(from: "screenings").where("patient_id", .equal, patientID.lowercased).run()
            let responses = Dictionary(uniqueKeysWithValues: screening.responses.map { ($0.key.rawValue, StoredResponse(answer: $0.value.answer, note: $0.value.note)) })
            try await tx.sql.insert(into: "screenings")
                .columns("patient_id", "responses", "systolic", "diastolic", "substance_use_history", "updated_by", "updated_at")
                .values(SQLBind(patientID.lowercased), SQLBind(StoredValue.json(responses)), SQLBind(screening.systolic), SQLBind(screening.diastolic),
                        SQLBind(screening.substanceUseHistory), SQLBind(actor.userID?.lowercased), SQLBind(Instant.format(tx.now)))
                .run()
            var changed = ScreeningItem.allCases.filter { before?.responses[$0] != screening.responses[$0] }.map(\.rawValue)
            if before?.systolic != screening.systolic || before?.diastolic != screening.diastolic { changed.append("blood pressure") }
            if before?.substanceUseHistory != screening.substanceUseHistory { changed.append("substance-use history") }
            try await tx.audit(AuditRecord(actor, before == nil ? .create : .update, resourceType: "Screening", resourceID: patientID.lowercased,
                                           patientID: patientID, detail: changed.isEmpty ? "no change" : "changed: \(changed.joined(separator: ", "))"))
        }
    }

    /// Signs the eligibility verdict for a route as it stands now. An incomplete screening cannot be
    /// signed; the decision is immutable and supersedes the route's previous one.
    public func signEligibility(patientID: UUID, route: TreatmentRoute, note: String?, criteria: TreatmentResistanceCriteria,
                                today: CalendarDate, signer: User, by actor: Actor) async throws -> EligibilityDecision {
        try await write { tx in
            _ = try await tx.sql.patient(id: patientID)
            guard let screening = try await tx.sql.screening(patientID: patientID) else {
                throw ValidationError("screening", "has not been recorded; complete the screening before signing")
            }
            let verdict = Eligibility.evaluate(screening, route: route)
            if verdict.status == .incomplete {
                throw ValidationError("screening", "is incomplete: \(verdict.reasons.dropFirst().joined(separator: " "))")
            }
            let table = try await tx.sql.antidepressantTable()
            let history = try await tx.sql.treatmentHistory(patientID: patientID)
            let resistance = history.evaluate(table: table, criteria: criteria, today: today).resistance
            let decision = EligibilityDecision(id: NewID.make(), patientID: patientID, route: route, status: verdict.status, reasons: verdict.reasons,
                                               treatmentResistance: resistance.summary, note: note, signedBy: signer.id,
                                               signedByName: signer.name, signedAt: tx.now)
            try await tx.sql.insert(into: "eligibility_decisions")
                .columns("id", "patient_id", "route", "status", "reasons", "treatment_resistance", "note", "signed_by", "signed_by_name", "signed_at")
                .values(SQLBind(decision.id.lowercased), SQLBind(patientID.lowercased), SQLBind(route.rawValue), SQLBind(decision.status.rawValue),
                        SQLBind(StoredValue.json(decision.reasons)), SQLBind(decision.treatmentResistance), SQLBind(note),
                        SQLBind(signer.id.lowercased), SQLBind(signer.name), SQLBind(Instant.format(tx.now)))
                .run()
            try await tx.audit(AuditRecord(actor, .execute, resourceType: "EligibilityDecision", resourceID: decision.id.lowercased,
                                           patientID: patientID, detail: "signed \(route.rawValue): \(decision.status.rawValue)"))
            try await tx.pauseCoursesWithUnmetPrerequisites(patientID: patientID, today: today, actor: actor)
            return decision
        }
    }
}

/// A screening answer as stored in the responses JSON.
struct StoredResponse: Codable, Equatable {
    var answer: Screening.Answer
    var note: String?
}

extension SQLDatabase {
    func screening(patientID: UUID) async throws -> Screening? {
        guard let row = try await select().column("*").from("screenings").where("patient_id", .equal, patientID.lowercased).first()
        else { return nil }
        let stored: [String: StoredResponse] = try StoredValue.decode(try row.decode(column: "responses", as: String.self))
        var responses: [ScreeningItem: Screening.Response] = [:]
        for (key, response) in stored {
            responses[try StoredValue.enumValue(key)] = Screening.Response(response.answer, note: response.note)
        }
        return Screening(responses: responses, systolic: try row.decode(column: "systolic", as: Int?.self),
                         diastolic: try row.decode(column: "diastolic", as: Int?.self),
                         substanceUseHistory: try row.decode(column: "substance_use_history", as: String?.self))
    }

    /// Every signed decision, newest first, each marked with when a later one for its route superseded it.
    func eligibilityDecisions(patientID: UUID) async throws -> [EligibilityDecision] {
        let rows = try await select().column("*").from("eligibility_decisions").where("patient_id", .equal, patientID.lowercased)
            .orderBy("signed_at", .descending).all()
        var newestByRoute: [TreatmentRoute: Date] = [:]
        return try rows.map { row in
            let route: TreatmentRoute = try StoredValue.enumValue(try row.decode(column: "route", as: String.self))
            let signedAt = try StoredValue.instant(try row.decode(column: "signed_at", as: String.self))
            defer { newestByRoute[route] = signedAt }
            return EligibilityDecision(
                id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)), patientID: patientID, route: route,
                status: try StoredValue.enumValue(try row.decode(column: "status", as: String.self)),
                reasons: try StoredValue.decode(try row.decode(column: "reasons", as: String.self)),
                treatmentResistance: try row.decode(column: "treatment_resistance", as: String.self),
                note: try row.decode(column: "note", as: String?.self),
                signedBy: try StoredValue.uuid(try row.decode(column: "signed_by", as: String.self)),
                signedByName: try row.decode(column: "signed_by_name", as: String.self), signedAt: signedAt,
                supersededAt: newestByRoute[route])
        }
    }
}
