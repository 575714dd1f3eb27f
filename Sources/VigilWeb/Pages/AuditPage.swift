import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The audit log page: the same filters as the API, a table, and page links.
struct AuditPage {
    let database: Database
    let anchor: ChainAnchor?
    let pages: PageRenderer

    struct View {
        struct Row {
            let sequence: Int64
            let time: String
            let user: String
            let role: String
            let address: String
            let action: String
            let outcome: String
            let denied: Bool
            let patient: String
            let resource: String
            let detail: String
            let site: String
        }

        let shell: Shell
        let rows: [Row]
        let users: [SelectOption]
        let sites: [SelectOption]
        let actions: [SelectOption]
        let outcomes: [SelectOption]
        let patientId: String
        let from: String
        let to: String
        let total: Int
        let pageNumber: Int
        let pageCount: Int
        let previous: String?
        let next: String?
        let errors: [FieldError]
        let verdict: String?
        let intact: Bool
        let verifyLink: String
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.audit) { request, context in
            let query = request.uri.queryParameters
            var errors: [FieldError] = []
            var filter = AuditFilter()
            do {
                filter = try AuditAPI.filter(from: query)
            } catch let invalid as ValidationError {
                errors = invalid.errors
            }
            let events = try await database.auditEvents(filter)
            try await database.audit(AuditRecord(context.actor, .read, resourceType: "AuditTrail",
                                                 patientID: filter.patientID, detail: request.uri.query))
            // Re-computing the chain reads every event, so it runs when asked, not on every view.
            let verdict = query["verify"] != nil ? try await database.verifyAuditChain(anchoredBy: anchor) : nil
            let staff = try await database.users(page: Page(number: 1, size: Page.maximumSize)).items
            let names = Dictionary(uniqueKeysWithValues: staff.map { ($0.id, $0.email) })
            func value(_ name: String) -> String { query[Substring(name)].map(String.init) ?? "" }
            /// This page's address with the same filters and one parameter replaced.
            func link(setting name: String, to value: String) -> String {
                var items = query.filter { $0.key != "page" && $0.key != "verify" }.map { URLQueryItem(name: String($0.key), value: String($0.value)) }
                items.append(URLQueryItem(name: name, value: value))
                var components = URLComponents()
                components.queryItems = items.sorted { $0.name < $1.name }
                return PageEndpoints.audit.link() + "?" + (components.percentEncodedQuery ?? "")
            }
            let rows = events.items.map { event in
                View.Row(
                    sequence: event.sequence, time: Instant.format(event.occurredAt),
                    user: event.userID.map { names[$0] ?? $0.lowercased } ?? "—", role: event.role?.rawValue ?? "—",
                    address: event.address ?? "—", action: event.action.rawValue, outcome: event.outcome.rawValue,
                    denied: event.outcome != .success, patient: event.patientID?.lowercased
                        ?? (event.patientsShown.isEmpty ? "—" : "\(event.patientsShown.count) shown on the list"),
                    resource: [event.resourceType, event.resourceID].compactMap { $0 }.joined(separator: " "),
                    detail: event.detail ?? "", site: event.siteID.map { id in context.identity?.sites.site(id)?.name ?? id.lowercased } ?? "—")
            }
            let view = View(
                shell: Shell(title: "Audit log", context: context, current: PageEndpoints.audit.path), rows: rows,
                users: staff.map { SelectOption(value: $0.id.lowercased, label: "\($0.name) (\($0.email))", selected: $0.id == filter.userID) },
                sites: (context.identity?.sites ?? []).map { SelectOption(value: $0.id.lowercased, label: $0.name, selected: $0.id == filter.siteID) },
                actions: SelectOption.all(AuditAction.self, selected: filter.action),
                outcomes: SelectOption.all(AuditOutcome.self, selected: filter.outcome),
                patientId: value("patientId"), from: value("from"), to: value("to"), total: events.total,
                pageNumber: events.page.number, pageCount: events.pageCount,
                previous: events.page.number > 1 ? link(setting: "page", to: String(events.page.number - 1)) : nil,
                next: events.page.number < events.pageCount ? link(setting: "page", to: String(events.page.number + 1)) : nil,
                errors: errors,
                verdict: verdict.map { verdict in
                    guard verdict.intact else { return "Chain broken: \(verdict.reason ?? "")" }
                    let anchored = verdict.checkpoint.map { " The head matches the signed checkpoint of \(Instant.format($0.signedAt)) (\($0.length) events)." }
                    return "Chain intact: \(verdict.entries) events verified." + (anchored ?? " No signed checkpoint yet, so removal of the newest events cannot be checked.")
                },
                intact: verdict?.intact ?? true, verifyLink: link(setting: "verify", to: "1"))
            return pages.page("audit", view, status: errors.isEmpty ? .ok : .unprocessableContent)
        }
    }
}
