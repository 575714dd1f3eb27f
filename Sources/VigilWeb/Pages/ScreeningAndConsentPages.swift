import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The screening checklist and the consent page a patient reads and signs on a tablet.
struct ScreeningAndConsentPages {
    let database: Database
    let consents: ConsentsAPI
    let pages: PageRenderer

    struct ScreeningView {
        struct Item {
            let id: String
            let question: String
            let yes: Bool
            let no: Bool
            let unknown: Bool
            let note: String
        }

        let shell: Shell
        let name: String
        let action: String
        let chartLink: String
        let items: [Item]
        let systolic: String
        let diastolic: String
        let substanceUseHistory: String
        let errors: [FieldError]
    }

    struct ConsentView {
        let shell: Shell
        let name: String
        /// The route's raw value, named so that no property of `template` (whose `route` is an enum)
        /// shadows it inside the template's section.
        let routeValue: String
        let routeTitle: String
        let template: ConsentTemplate?
        let action: String
        let chartLink: String
        let witness: String
        let errors: [FieldError]
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.screening) { _, context in
            let id = try context.uuidParameter("id")
            let file = try await database.patientFile(id: id, parts: [.screening], by: context.actor)
            var draft: [String: String] = [:]
            if let screening = file.screening {
                for (item, response) in screening.responses {
                    draft[item.rawValue] = response.answer.rawValue
                    draft["\(item.rawValue)-note"] = response.note ?? ""
                }
                draft["systolic"] = screening.systolic.map(String.init) ?? ""
                draft["diastolic"] = screening.diastolic.map(String.init) ?? ""
                draft["substanceUseHistory"] = screening.substanceUseHistory ?? ""
            }
            return screeningForm(file.patient, draft: draft, errors: [], context: context, status: .ok)
        }
        router.add(PageEndpoints.saveScreening) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let form = try await FormBody(request: &request, context: context)
            do {
                var validator = Validator()
                func whole(_ name: String) -> Int? {
                    guard let value = form.number(name, into: &validator) else { return nil }
                    guard value == value.rounded() else { validator.add(name, "must be a whole number"); return nil }
                    return Int(value)
                }
                let systolic = whole("systolic"), diastolic = whole("diastolic")
                try validator.finish()
                var items: [String: ScreeningForm.Item] = [:]
                for item in ScreeningItem.allCases {
                    if let answer = form[item.rawValue] { items[item.rawValue] = .init(answer: answer, note: form["\(item.rawValue)-note"]) }
                }
                let screening = try ScreeningForm(items: items, systolic: systolic, diastolic: diastolic,
                                                  substanceUseHistory: form["substanceUseHistory"]).checked()
                try await database.saveScreening(screening, patientID: id, by: context.actor)
                return ChartPage.done(id, "Saved the screening.")
            } catch let invalid as ValidationError {
                let patient = try await database.patientFile(id: id, parts: [], by: context.actor).patient
                return screeningForm(patient, draft: form.values, errors: invalid.errors, context: context, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.consent) { request, context in
            let id = try context.uuidParameter("id")
            var validator = Validator()
            let route: TreatmentRoute? = validator.choice(request.uri.queryParameters["route"].map(String.init), "route")
            try validator.finish()
            return try await consentPage(patientID: id, route: route!, template: try await database.currentConsentTemplate(route: route!), errors: [],
                                         context: context, status: .ok)
        }
        router.add(PageEndpoints.recordConsent) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let form = try await FormBody(request: &request, context: context)
            do {
                guard form["understood"] == "yes" else { throw ValidationError("understood", "the patient confirms they have read and understood the text") }
                let consent = try await consents.record(.init(templateId: form["templateId"], typedName: form["typedName"]), patientID: id, context: context)
                return ChartPage.done(id, "Recorded consent to \(consent.route.title), template version \(consent.templateVersion).")
            } catch let invalid as ValidationError {
                // Re-render exactly what was shown: the template version posted, else the route's current one.
                let shown = try await database.consentTemplates().first { $0.id.lowercased == form["templateId"]?.lowercased() }
                guard let route = shown?.route ?? form["route"].flatMap(TreatmentRoute.init(rawValue:)) else {
                    throw ValidationError("route", "must be one of " + TreatmentRoute.allCases.map(\.rawValue).joined(separator: ", "))
                }
                let current = try await database.currentConsentTemplate(route: route)
                return try await consentPage(patientID: id, route: route, template: shown ?? current, errors: invalid.errors, context: context,
                                             status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.withdrawConsent) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let consentID = try context.uuidParameter("consentId")
            let form = try await FormBody(request: &request, context: context)
            let consent = try await consents.withdraw(consentID, patientID: id, reason: form["reason"], actor: context.actor)
            return ChartPage.done(id, "Recorded the withdrawal of consent to \(consent.route.title).")
        }
    }

    private func screeningForm(_ patient: Patient, draft: [String: String], errors: [FieldError], context: VigilContext,
                               status: HTTPResponse.Status) -> Response {
        let id = patient.id.lowercased
        let items = ScreeningItem.allCases.map { item in
            ScreeningView.Item(id: item.rawValue, question: item.question, yes: draft[item.rawValue] == "yes", no: draft[item.rawValue] == "no",
                               unknown: draft[item.rawValue] == "unknown", note: draft["\(item.rawValue)-note"] ?? "")
        }
        let view = ScreeningView(shell: Shell(title: "Screening", context: context, current: PageEndpoints.patients.path),
                                 name: patient.fullName, action: PageEndpoints.saveScreening.link(id), chartLink: PageEndpoints.chart.link(id),
                                 items: items, systolic: draft["systolic"] ?? "", diastolic: draft["diastolic"] ?? "",
                                 substanceUseHistory: draft["substanceUseHistory"] ?? "", errors: errors)
        return pages.page("screening", view, status: status)
    }

    private func consentPage(patientID: UUID, route: TreatmentRoute, template: ConsentTemplate?, errors: [FieldError], context: VigilContext,
                             status: HTTPResponse.Status) async throws -> Response {
        let patient = try await database.patientFile(id: patientID, parts: [], by: context.actor).patient
        let view = ConsentView(shell: Shell(title: "Consent", context: context), name: patient.fullName, routeValue: route.rawValue, routeTitle: route.title,
                               template: template,
                               action: PageEndpoints.recordConsent.link(patientID.lowercased), chartLink: PageEndpoints.chart.link(patientID.lowercased),
                               witness: context.identity!.user.name, errors: errors)
        return pages.page("consent", view, status: status)
    }
}
