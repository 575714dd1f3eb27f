import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The periodic safety review of repeated dosing: whether one is due, the reviews so far, and a new one.
struct SafetyReviewsAPI {
    static let list = Endpoint(.get, "/api/v1/patients/{id}/safety-reviews", .api, .permission(.viewClinical),
                               "Whether a safety review is due (every N sessions with a dose, a clinic setting) and the reviews so far",
                               .init(response: "SafetyReviews"))
    static let record = Endpoint(.post, "/api/v1/patients/{id}/safety-reviews", .api, .permission(.documentClinical),
                                 "A safety review: urinary symptoms, cognition, craving or misuse, dose escalation (true is a concern; a concern needs a note)",
                                 .init(request: "NewSafetyReview", status: 201, response: "SafetyReview"))

    let database: Database

    func register(on router: inout EndpointRouter) {
        router.add(Self.list) { _, context in
            let file = try await database.patientFile(id: try context.uuidParameter("id"), parts: [.safetyReviews], by: context.actor)
            return try .json(SafetyReviewsDTO(file, rules: try await database.clinicSettings().sessionRules))
        }
        router.add(Self.record) { request, context in
            var request = request
            let form = try await request.decodeJSON(SafetyReviewForm.self, context: context)
            let review = try await database.recordSafetyReview(patientID: try context.uuidParameter("id"), form, by: context.identity!.user,
                                                               actor: context.actor)
            return try .json(SafetyReviewDTO(review), status: .created)
        }
    }
}

struct SafetyReviewDTO: Encodable, Sendable {
    let id: String
    let dosedSessions: Int
    let concerns: [String]
    let note: String?
    let reviewedAt: String
    let reviewedByName: String

    init(_ review: SafetyReview) {
        id = review.id.lowercased
        dosedSessions = review.dosedSessions
        concerns = review.concerns.map(\.rawValue)
        note = review.note
        reviewedAt = Instant.format(review.reviewedAt)
        reviewedByName = review.reviewedByName
    }
}

struct SafetyReviewsDTO: Encodable, Sendable {
    let due: Bool
    let reason: String
    let dosedSessions: Int
    let sinceLastReview: Int
    let everySessions: Int
    let items: [SafetyReviewDTO]

    init(_ file: PatientFile, rules: SessionRules) {
        let due = file.safetyReviewDue(rules: rules)
        self.due = due.isDue
        reason = due.reason
        dosedSessions = due.dosedSessions
        sinceLastReview = due.sinceLastReview
        everySessions = due.every
        items = file.safetyReviews.reversed().map(SafetyReviewDTO.init)
    }
}
