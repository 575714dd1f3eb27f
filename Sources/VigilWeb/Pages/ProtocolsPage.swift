import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The protocol library: every protocol with its dosing, schedule and source; admins copy one as a
/// clinic protocol and save new versions of their own.
struct ProtocolsPage {
    let database: Database
    let protocols: ProtocolsAPI
    let pages: PageRenderer

    struct View {
        struct Entry {
            let id: String
            let name: String
            let reference: String
            let route: String
            let offLabel: Bool
            let builtIn: Bool
            let basedOn: String?
            let signature: String?
            let signLink: String?
            let dose: String
            let firstDose: String?
            let range: String
            let hardMaximum: String
            let schedule: [String]
            let boosterNote: String?
            let chair: String
            let source: String
            let reviseLink: String
            let standard: String
            let lowest: String
            let highest: String
            let maximum: String
            let inductionSessions: Int?
            let chairMinutes: Int
            let infusionMinutes: Int?
        }

        let shell: Shell
        let entries: [Entry]
        let options: [SelectOption]
        let mayEdit: Bool
        let maySign: Bool
        let createLink: String
        let message: String?
        let errors: [FieldError]
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.protocols) { request, context in
            try await page(context: context, message: request.uri.queryParameters["done"].map(String.init), errors: [], status: .ok)
        }
        router.add(PageEndpoints.createProtocol) { request, context in
            try await handle(request, context) { form in
                let made = try await protocols.save(try Self.draft(form, copying: true), id: nil, context: context)
                return "Created \(made.name) (\(made.reference))."
            }
        }
        router.add(PageEndpoints.signProtocol) { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await handle(request, context) { _ in
                let signed = try await database.signProtocol(id: id, prescriber: context.identity!.user, by: context.actor)
                return "Signed \(signed.reference); new courses follow it."
            }
        }
        router.add(PageEndpoints.reviseProtocol) { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await handle(request, context) { form in
                let made = try await protocols.save(try Self.draft(form, copying: false), id: id, context: context)
                return "Saved \(made.name) as \(made.reference)."
            }
        }
    }

    static func draft(_ form: FormBody, copying: Bool) throws -> ProtocolDraft {
        var validator = Validator()
        func whole(_ name: String) -> Int? { form.number(name, into: &validator).map { Int($0) } }
        let draft = ProtocolDraft(
            copyOf: copying ? form["copyOf"] : nil, id: copying ? form["id"] : nil, name: form["name"]?.nilIfEmpty, note: form["note"],
            standardDose: form.number("standardDose", into: &validator), lowestDose: form.number("lowestDose", into: &validator),
            highestDose: form.number("highestDose", into: &validator), hardMaximum: form.number("hardMaximum", into: &validator),
            inductionSessions: whole("inductionSessions"), infusionMinutes: whole("infusionMinutes"), chairMinutes: whole("chairMinutes"))
        try validator.finish()
        return draft
    }

    private func handle(_ request: Request, _ context: VigilContext, _ action: (FormBody) async throws -> String) async throws -> Response {
        try await FormBody.submit(request, context, returningTo: PageEndpoints.protocols.link(), action) { errors in
            try await page(context: context, message: nil, errors: errors, status: .unprocessableContent)
        }
    }

    private func page(context: VigilContext, message: String?, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let all = try await database.treatmentProtocols()
        let view = View(
            shell: Shell(title: "Protocols", context: context, current: PageEndpoints.protocols.path),
            entries: all.map { p in
                let d = p.dosing
                return View.Entry(
                    id: p.id, name: p.name, reference: p.reference, route: p.route.title, offLabel: p.offLabel, builtIn: p.builtIn, basedOn: p.basedOn,
                    signature: p.builtIn ? nil : p.signedAt.map { "Signed by \(p.signedByName ?? "") on \($0.shown): in effect for new courses" }
                        ?? "Draft: not in effect until a prescriber signs it (courses follow the newest signed version)",
                    signLink: p.builtIn || p.inEffect ? nil : PageEndpoints.signProtocol.link(p.id),
                    dose: d.shown(d.standard), firstDose: d.firstDose.map { "first session \(d.shown($0))" },
                    range: "\(d.shown(d.lowest))–\(d.shown(d.highest)): \(d.rangeSource)", hardMaximum: "\(d.shown(d.hardMaximum)): \(d.hardMaximumSource)",
                    schedule: p.phases.map { "\($0.kind.rawValue.capitalized): \($0.sessions.map { "\($0) sessions" } ?? "ongoing"), \($0.cadence.shown) — \($0.note)" },
                    boosterNote: p.boosterNote,
                    chair: "\(p.chairMinutes) minutes in the chair (at least \(p.minimumChairMinutes))\(p.infusionMinutes.map { "; infusion over \($0) minutes" } ?? "")",
                    source: p.source, reviseLink: PageEndpoints.reviseProtocol.link(p.id),
                    standard: Dose.formatted(d.standard), lowest: Dose.formatted(d.lowest), highest: Dose.formatted(d.highest),
                    maximum: Dose.formatted(d.hardMaximum), inductionSessions: p.induction?.sessions, chairMinutes: p.chairMinutes,
                    infusionMinutes: p.infusionMinutes)
            },
            options: all.map { SelectOption(value: $0.id, label: "\($0.name) (\($0.reference))", selected: false) },
            mayEdit: context.identity!.user.role.may(.manageSettings), maySign: context.identity!.user.role.may(.prescribe),
            createLink: PageEndpoints.createProtocol.link(),
            message: message, errors: errors)
        return pages.page("protocols", view, status: status)
    }
}
