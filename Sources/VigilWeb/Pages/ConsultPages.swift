import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The public "free consultation" form, its confirmation page, and the front desk's queue.
struct ConsultPages {
    let database: Database
    let pages: PageRenderer
    let cookies: SignInCookies

    struct FormView {
        let shell: Shell
        let csrf: String
        let draft: [String: String]
        let errors: [FieldError]
        let crisisLine: String
    }

    struct ThanksView {
        let shell: Shell
        let crisisLine: String
    }

    struct QueueView {
        struct Row {
            let id: String
            let name: String
            let contact: String
            let preferredContactTime: String?
            let message: String?
            let receivedAt: String
            let status: String
            let isOpen: Bool
            let note: String?
            let markLink: String
            let registerLink: String
            let chartLink: String?
        }

        let shell: Shell
        let rows: [Row]
        let filters: [SelectOption]
        let total: Int
        let message: String?
        let errors: [FieldError]
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.consult) { _, context in
            try await form(context: context, draft: [:], errors: [], status: .ok)
        }
        router.add(PageEndpoints.submitConsult) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            // A field people never see: only scripts fill it in. They get the same answer and nothing is stored.
            if form["website"]?.isEmpty == false { return .redirect(to: PageEndpoints.consultThanks.link()) }
            do {
                let draft = try ConsultationRequestDraft(name: form["name"], phone: form["phone"], email: form["email"],
                                                         preferredContactTime: form["preferredContactTime"], message: form["message"],
                                                         consentToContact: form["consentToContact"] == "yes")
                _ = try await database.receiveConsultationRequest(draft, from: context.address ?? "unknown")
                return .redirect(to: PageEndpoints.consultThanks.link())
            } catch let invalid as ValidationError {
                return try await self.form(context: context, draft: form.values, errors: invalid.errors, status: .unprocessableContent)
            } catch StorageError.rateLimited(let seconds, let message) {
                var response = try await self.form(context: context, draft: form.values, errors: [FieldError("form", message)], status: .tooManyRequests)
                response.headers[.retryAfter] = String(seconds)
                return response
            }
        }
        router.add(PageEndpoints.consultThanks) { _, context in
            pages.page("consult-thanks", ThanksView(shell: Shell(title: "Thank you", context: context),
                                                    crisisLine: try await database.crisisLine()))
        }
        router.add(PageEndpoints.consultationRequests) { request, context in
            try await queue(request: request, context: context, errors: [], status: .ok)
        }
        router.add(PageEndpoints.markConsultationRequest) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            let id = try context.uuidParameter("id")
            do {
                let (status, note) = try ConsultationRequestsAPI.checked(.init(status: form["status"], note: form["note"]))
                let marked = try await database.markConsultationRequest(id, status: status, note: note, by: context.actor)
                return .redirect(to: PageEndpoints.consultationRequests.link(), done: "Marked \(marked.name)'s request \(marked.status.rawValue).")
            } catch let invalid as ValidationError {
                return try await queue(request: request, context: context, errors: invalid.errors, status: .unprocessableContent)
            }
        }
    }

    /// The form with a fresh token in a cookie and in the form (double-submit, as on the sign-in form).
    private func form(context: VigilContext, draft: [String: String], errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let token = Digest.randomToken()
        let view = FormView(shell: Shell(title: "Request a free consultation", context: context), csrf: context.identity?.session.csrfToken ?? token,
                            draft: draft.filter { $0.key != "csrf" }, errors: errors, crisisLine: try await database.crisisLine())
        var response = pages.page("consult", view, status: status)
        if context.identity == nil { response.setCookie(cookies.formToken(token)) }
        return response
    }

    private func queue(request: Request, context: VigilContext, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let filter: ConsultationRequest.Status? = try Validator.optionalChoice(request.uri.queryParameters["status"].map(String.init), "status")
        let found = try await database.consultationRequests(status: filter, page: Page(number: 1, size: Page.maximumSize), by: context.actor)
        let rows = found.items.map { item in
            QueueView.Row(id: item.id.lowercased, name: item.name,
                          contact: [item.phone, item.email].compactMap { $0 }.joined(separator: " · "),
                          preferredContactTime: item.preferredContactTime, message: item.message,
                          receivedAt: item.receivedAt.shown,
                          status: item.status.rawValue, isOpen: item.status == .new || item.status == .contacted, note: item.note,
                          markLink: PageEndpoints.markConsultationRequest.link(item.id.lowercased),
                          registerLink: PageEndpoints.newPatient.link() + "?fromRequest=" + item.id.lowercased,
                          chartLink: item.patientID.map { PageEndpoints.chart.link($0.lowercased) })
        }
        let view = QueueView(shell: Shell(title: "Consultation requests", context: context, current: PageEndpoints.consultationRequests.path),
                             rows: rows, filters: SelectOption.all(ConsultationRequest.Status.self, selected: filter), total: found.total,
                             message: request.uri.queryParameters["done"].map(String.init), errors: errors)
        return pages.page("consultation-requests", view, status: status)
    }
}
