import Foundation
import SQLKit
import VigilCore

extension Database {
    /// Records a periodic safety review against the patient's sessions with a dose so far. Audited.
    public func recordSafetyReview(patientID: UUID, _ form: SafetyReviewForm, by user: User, actor: Actor) async throws -> SafetyReview {
        try await write { tx in
            _ = try await tx.sql.patient(id: patientID)
            let review = try form.checked(patientID: patientID, dosedSessions: try await tx.sql.dosedSessions(patientID: patientID), now: tx.now,
                                          reviewedByName: user.name)
            try await tx.sql.insert(into: "safety_reviews")
                .columns("id", "patient_id", "dosed_sessions", "concerns", "note", "reviewed_by", "reviewed_by_name", "reviewed_at")
                .values(SQLBind(review.id.lowercased), SQLBind(patientID.lowercased), SQLBind(review.dosedSessions),
                        SQLBind(StoredValue.json(review.concerns)), SQLBind(review.note), SQLBind(user.id.lowercased), SQLBind(user.name),
                        SQLBind(Instant.format(review.reviewedAt)))
                .run()
            let found = review.concerns.isEmpty ? "no concerns" : "concerns: " + review.concerns.map(\.rawValue).joined(separator: ", ")
            try await tx.audit(AuditRecord(actor, .create, resourceType: "SafetyReview", resourceID: review.id.lowercased, patientID: patientID,
                                           detail: "after \(review.dosedSessions) dosed session(s); \(found)"))
            return review
        }
    }
}

extension SQLDatabase {
    /// The patient's safety reviews, oldest first.
    func safetyReviews(patientID: UUID) async throws -> [SafetyReview] {
        try await select().column("*").from("safety_reviews").where("patient_id", .equal, patientID.lowercased).orderBy("reviewed_at").all().map { row in
            SafetyReview(id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)), patientID: patientID,
                         dosedSessions: try row.decode(column: "dosed_sessions", as: Int.self),
                         concerns: try StoredValue.decode(try row.decode(column: "concerns", as: String.self)),
                         note: try row.decode(column: "note", as: String?.self),
                         reviewedAt: try StoredValue.instant(try row.decode(column: "reviewed_at", as: String.self)),
                         reviewedByName: try row.decode(column: "reviewed_by_name", as: String.self))
        }
    }

    /// How many of the patient's sessions had a dose recorded.
    func dosedSessions(patientID: UUID) async throws -> Int {
        try await selectCount().from("session_administrations")
            .join("dosing_sessions", on: SQLColumn("session_id", table: "session_administrations"), .equal, SQLColumn("id", table: "dosing_sessions"))
            .where(SQLColumn("patient_id", table: "dosing_sessions"), .equal, SQLBind(patientID.lowercased)).total()
    }
}
