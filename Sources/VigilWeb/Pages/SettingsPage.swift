import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The admin's settings page: clinic settings, the antidepressant table, consent templates.
struct SettingsPage {
    let database: Database
    let settingsAPI: SettingsAPI
    let consents: ConsentsAPI
    let pages: PageRenderer

    struct View {
        struct Drug {
            let name: String
            let drugClass: String
            let minimum: String
            let note: String?
            let source: String
        }

        struct Template {
            let route: String
            let version: Int
            let title: String
            let createdAt: String
        }

        struct Rule {
            let name: String
            let title: String
            let value: Int
            let allowed: String
        }

        let shell: Shell
        let settings: ClinicSettings
        let rules: [Rule]
        let sitesLink: String
        let drugs: [Drug]
        let classes: [SelectOption]
        let templates: [Template]
        let routes: [SelectOption]
        let message: String?
        let errors: [FieldError]
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.settings) { request, context in
            try await page(context: context, message: request.uri.queryParameters["done"].map(String.init), errors: [], status: .ok)
        }
        router.add(PageEndpoints.saveSettings) { request, context in
            try await handle(request, context) { form in
                var validator = Validator()
                func whole(_ name: String) -> Int? { form.number(name, into: &validator).map { Int($0) } }
                let change = ClinicSettings.Change(trdMinimumWeeks: whole("trdMinimumWeeks"),
                                                   madrsRemissionAtMost: whole("madrsRemissionAtMost"), measureLinkHours: whole("measureLinkHours"),
                                                   inductionPerWeek: whole("inductionPerWeek"), boosterPhq9AtLeast: whole("boosterPhq9AtLeast"),
                                                   sessionRules: Dictionary(uniqueKeysWithValues: SessionRule.allCases.compactMap { rule in
                                                       whole("rule.\(rule.rawValue)").map { (rule.rawValue, $0) }
                                                   }),
                                                   ledgerRetentionYears: whole("ledgerRetentionYears"))
                try validator.finish()
                _ = try await settingsAPI.changeSettings(change, actor: context.actor)
                return "Saved the clinic settings."
            }
        }
        router.add(PageEndpoints.saveAntidepressant) { request, context in
            try await handle(request, context) { form in
                var validator = Validator()
                let dose = form.number("minimumDailyDoseMg", into: &validator)
                try validator.finish()
                _ = try await settingsAPI.setDrug(form["genericName"] ?? "", .init(drugClass: form["drugClass"], minimumDailyDoseMg: dose, note: form["note"]),
                                                  actor: context.actor)
                return "Saved \(form["genericName"] ?? "") in the antidepressant table."
            }
        }
        router.add(PageEndpoints.publishConsentTemplate) { request, context in
            try await handle(request, context) { form in
                let template = try await consents.publish(.init(route: form["route"], title: form["title"], body: form["body"]), actor: context.actor)
                return "Published \(template.route.title) consent, version \(template.version)."
            }
        }
    }

    private func handle(_ request: Request, _ context: VigilContext, _ action: (FormBody) async throws -> String) async throws -> Response {
        try await FormBody.submit(request, context, returningTo: PageEndpoints.settings.link(), action) { errors in
            try await page(context: context, message: nil, errors: errors, status: .unprocessableContent)
        }
    }

    private func page(context: VigilContext, message: String?, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let table = try await database.antidepressantTable()
        let settings = try await database.clinicSettings()
        let view = View(
            shell: Shell(title: "Settings", context: context, current: PageEndpoints.settings.path),
            settings: settings,
            rules: SessionRule.allCases.map {
                View.Rule(name: $0.rawValue, title: $0.title, value: settings.sessionRules[$0], allowed: "\($0.allowed.lowerBound)–\($0.allowed.upperBound); default \($0.defaultValue)")
            },
            sitesLink: PageEndpoints.sites.link(),
            drugs: table.drugs.map { drug in
                View.Drug(name: drug.genericName, drugClass: drug.drugClass.rawValue, minimum: "\(TreatmentResistance.formatted(drug.minimumDailyDoseMg)) mg/day",
                          note: drug.note, source: table.isStandard(drug) ? "built-in" : "clinic setting")
            },
            classes: SelectOption.all(Antidepressant.DrugClass.self, selected: nil),
            templates: try await database.consentTemplates().map {
                View.Template(route: $0.route.title, version: $0.version, title: $0.title,
                              createdAt: $0.createdAt.shown)
            },
            routes: SelectOption.all(TreatmentRoute.self, selected: nil, label: \.title), message: message, errors: errors)
        return pages.page("settings", view, status: status)
    }
}
