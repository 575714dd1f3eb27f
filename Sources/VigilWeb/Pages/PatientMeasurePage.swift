import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The page a patient reaches from a measure link: no sign-in, plain and large, one question after
/// another. A used, expired or unknown link gets a clear page, never an error.
struct PatientMeasurePage {
    let database: Database
    let pages: PageRenderer
    let cookies: SignInCookies

    struct View {
        struct Question {
            let index: Int
            let number: String
            let text: String
            let answers: [Answer]
        }

        struct Answer {
            let value: Int
            let label: String
            let checked: Bool
            /// Choosing it shows the crisis message at once (a suicidality item above its threshold).
            let crisis: Bool
        }

        let shell: Shell
        let state: String
        let stateMessage: String
        let givenName: String?
        let instrumentName: String?
        let prompt: String?
        let requestedBy: String?
        let reason: String?
        let expiresAt: String?
        let questions: [Question]
        let csrf: String?
        let crisisLine: String
        let showCrisis: Bool
        let errors: [FieldError]
        let isOpen: Bool
        let isDone: Bool
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.measureLink) { _, context in
            let token = context.parameters.get("token") ?? ""
            return try await page(state: try await database.measureLink(token: token, by: context.actor), draft: [:], errors: [], context: context)
        }
        router.add(PageEndpoints.submitMeasureLink) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            let token = context.parameters.get("token") ?? ""
            let state = try await database.measureLink(token: token, by: context.actor)
            guard case .open(let measure, _) = state else { return try await page(state: state, draft: [:], errors: [], context: context) }
            let instrument = Instrument.named(measure.instrument)
            do {
                switch try await database.completeMeasureRequest(token: token, answers: form.answers(for: instrument), by: context.actor) {
                case .success(let (assessment, _)):
                    return try await thanks(flagged: assessment.score.flags.contains(.suicidality), context: context)
                case .failure(let closed):
                    return try await page(state: closed.state, draft: [:], errors: [], context: context)
                }
            } catch let invalid as ValidationError {
                // The patient sees which question to answer, not the API's field names.
                let errors = invalid.errors.map { error in
                    let index = error.field.firstMatch(of: /answers\[(\d+)\]/).flatMap { Int($0.1) }
                    return FieldError(error.field, index.map { "Please answer question \(instrument.items[$0].code)." } ?? error.message)
                }
                return try await page(state: state, draft: form.values, errors: errors, context: context, status: .unprocessableContent)
            }
        }
    }

    private func page(state: MeasureLinkState, draft: [String: String], errors: [FieldError], context: VigilContext,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let patient: UUID? = if case .open(let measure, _) = state { measure.patientID } else { nil }
        let crisisLine = try await database.crisisLine(patientID: patient)
        let shell = Shell(title: "Questionnaire", context: context)
        guard case .open(let measure, let givenName) = state else {
            let (name, message) = switch state {
            case .completed: ("completed", "You have already answered this questionnaire. Thank you.")
            case .expired: ("expired", "This link has expired: links work for a limited time.")
            default: ("unknown", "We could not find this link. Please check that it was copied in full.")
            }
            return pages.page("measure-link", View(shell: shell, state: name, stateMessage: message, givenName: nil, instrumentName: nil, prompt: nil, requestedBy: nil,
                                                   reason: nil, expiresAt: nil, questions: [], csrf: nil, crisisLine: crisisLine,
                                                   showCrisis: false, errors: [], isOpen: false, isDone: false),
                              status: state.isUnknown ? .notFound : .ok)
        }
        let instrument = Instrument.named(measure.instrument)
        let crisisItem = instrument.suicidalityItem
        let token = Digest.randomToken()
        let questions = instrument.items.enumerated().map { index, item in
            View.Question(index: index, number: item.code, text: item.text ?? item.label,
                          answers: item.answers.map { answer in
                              View.Answer(value: answer.value, label: answer.label, checked: draft["item-\(index)"] == String(answer.value),
                                          crisis: crisisItem.map { $0.index == index && answer.value > $0.above } ?? false)
                          })
        }
        let showCrisis = crisisItem.map { (Int(draft["item-\($0.index)"] ?? "") ?? 0) > $0.above } ?? false
        var response = pages.page("measure-link", View(
            shell: shell, state: "open", stateMessage: "", givenName: givenName, instrumentName: instrument.name, prompt: instrument.prompt,
            requestedBy: measure.requestedByName, reason: measure.reason, expiresAt: measure.expiresAt.shown, questions: questions,
            csrf: token, crisisLine: crisisLine, showCrisis: showCrisis, errors: errors, isOpen: true, isDone: false), status: status)
        response.setCookie(cookies.formToken(token))
        return response
    }

    private func thanks(flagged: Bool, context: VigilContext) async throws -> Response {
        let crisisLine = try await database.crisisLine()
        return pages.page("measure-link", View(shell: Shell(title: "Thank you", context: context), state: "done", stateMessage: "", givenName: nil, instrumentName: nil,
                                               prompt: nil, requestedBy: nil, reason: nil, expiresAt: nil, questions: [], csrf: nil,
                                               crisisLine: crisisLine, showCrisis: flagged, errors: [], isOpen: false, isDone: true))
    }
}

extension MeasureLinkState {
    var isUnknown: Bool {
        if case .unknown = self { return true }
        return false
    }
}
