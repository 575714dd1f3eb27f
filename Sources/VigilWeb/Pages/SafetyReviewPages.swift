import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The periodic safety review of repeated dosing: whether it is due, the checklist, and the reviews so far.
struct SafetyReviewPages {
    let database: Database
    let calendar: ClinicCalendar
    let pages: PageRenderer

    struct View {
        struct Question {
            let name: String
            let title: String
            let prompt: String
            let yes: Bool
            let no: Bool
        }

        let shell: Shell
        let patientName: String
        let chartLink: String
        let due: Bool
        let status: String
        let questions: [Question]
        let note: String
        let reviews: [String]
        let mayDocument: Bool
        let action: String
        let errors: [FieldError]
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.safetyReviews) { _, context in
            try await page(try context.uuidParameter("id"), form: FormBody(values: [:]), context: context, errors: [])
        }
        router.add(PageEndpoints.recordSafetyReview) { request, context in
            let id = try context.uuidParameter("id")
            var request = request
            let form = try await FormBody(request: &request, context: context)
            return try await FormBody.submit(form, { form in
                let answers = Dictionary(uniqueKeysWithValues: SafetyReview.Question.allCases.compactMap { question -> (String, Bool)? in
                    form.yesNo(question.rawValue).map { (question.rawValue, $0) }
                })
                let review = try await database.recordSafetyReview(patientID: id, SafetyReviewForm(answers: answers, note: form["note"]),
                                                                   by: context.identity!.user, actor: context.actor)
                let found = review.concerns.isEmpty ? "no concerns" : "concerns: " + review.concerns.map(\.title).joined(separator: ", ")
                return ("Safety review recorded after \(review.dosedSessions) session(s) with a dose: \(found).", PageEndpoints.chart.link(id.lowercased))
            }) { errors in
                try await page(id, form: form, context: context, errors: errors, status: .unprocessableContent)
            }
        }
    }

    /// The page, with what was sent when it was refused.
    private func page(_ id: UUID, form: FormBody, context: VigilContext, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let file = try await database.patientFile(id: id, parts: [.safetyReviews], by: context.actor)
        let due = file.safetyReviewDue(rules: try await database.clinicSettings().sessionRules)
        let view = View(
            shell: Shell(title: "Safety review: \(file.patient.fullName)", context: context, current: PageEndpoints.patients.path),
            patientName: file.patient.fullName, chartLink: PageEndpoints.chart.link(id.lowercased), due: due.isDue,
            status: "\(due.dosedSessions) session(s) with a dose in all. \(due.reason)",
            questions: SafetyReview.Question.allCases.map {
                View.Question(name: $0.rawValue, title: $0.title, prompt: $0.prompt, yes: form[$0.rawValue] == "yes", no: form[$0.rawValue] == "no")
            },
            note: form["note"] ?? "",
            reviews: file.safetyReviews.reversed().map { review in
                "\(CalendarDate(review.reviewedAt, in: calendar.timeZone)) by \(review.reviewedByName), after \(review.dosedSessions) session(s): "
                    + (review.concerns.isEmpty ? "no concerns" : review.concerns.map(\.title).joined(separator: ", "))
                    + (review.note.map { " — \($0)" } ?? "")
            },
            mayDocument: context.identity!.user.role.may(.documentClinical), action: PageEndpoints.recordSafetyReview.link(id.lowercased),
            errors: errors)
        return pages.page("safety-reviews", view, status: status)
    }
}
