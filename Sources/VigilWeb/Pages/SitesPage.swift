import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The administrator's sites page (each site's settings, and a new site), the site switcher every
/// signed-in page carries, and the network view for those allowed it.
struct SitesPage {
    let database: Database
    let sites: SitesAPI
    let calendar: ClinicCalendar
    let pages: PageRenderer

    struct View {
        /// A site as the API gives it, with its lists as the form's text areas take them.
        struct Row {
            let site: SiteDTO
            let chairsText: String
            let closedText: String
            let link: String
        }

        let shell: Shell
        let rows: [Row]
        let draft: [String: String]
        let createLink: String
        let message: String?
        let errors: [FieldError]
    }

    struct NetworkView {
        struct Row {
            let name: String
            let timeZone: String
            let today: String
            let booked: Int
            let dosing: Int
            let remsOverdue: Int
            let openDiscrepancies: Int
            let warnings: [String]
            let boardLink: String
            let stockLink: String
            let remsLink: String
        }

        let shell: Shell
        let rows: [Row]
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.sites) { request, context in
            try await page(context: context, draft: [:], message: request.uri.queryParameters["done"].map(String.init), errors: [], status: .ok)
        }
        router.add(PageEndpoints.createSite) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            return try await FormBody.submit(form, { form in
                let site = try await database.createSite(try Site.created(Self.change(form)), by: context.actor)
                return ("Added \(site.name).", PageEndpoints.sites.link())
            }) { errors in
                try await page(context: context, draft: form.values, message: nil, errors: errors, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.changeSite) { request, context in
            let id = try context.uuidParameter("id")
            return try await FormBody.submit(request, context, returningTo: PageEndpoints.sites.link(), { form in
                var change = Self.change(form)
                // The checkbox is sent only when ticked: read it with the rest of the site's form, never alone.
                if form["name"] != nil { change.active = form["active"] == "true" }
                return "Saved \(try await database.changeSite(id: id, change, by: context.actor).name)."
            }) { errors in
                try await page(context: context, draft: [:], message: nil, errors: errors, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.chooseSite) { request, context in
            try await FormBody.submit(request, context, { form in
                let site = try await sites.choose(form["site"], context: context)
                return ("You are working at \(site.name).", PageEndpoints.home.link())
            }) { errors in
                throw Problem.invalid(errors)
            }
        }
        router.add(PageEndpoints.network) { _, context in
            try await network(context: context)
        }
    }

    /// A site's fields as the form sends them; a field the form does not show changes nothing.
    static func change(_ form: FormBody) -> Site.Change {
        Site.Change(name: form["name"], address: form["address"], phone: form["phone"], timeZone: form["timeZone"],
                    chairs: form["chairs"] == nil ? nil : form.lines("chairs"), openingHours: form["openingHours"],
                    closedDates: form["closedDates"] == nil ? nil : form.lines("closedDates"), deaRegistration: form["deaRegistration"],
                    deaRegistrationExpiresOn: form["deaRegistrationExpiresOn"], remsSettingId: form["remsSettingId"],
                    remsCertifiedOn: form["remsCertifiedOn"], crisisLine: form["crisisLine"])
    }

    private func page(context: VigilContext, draft: [String: String], message: String?, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let rows = try await database.sites().map { site in
            View.Row(site: SiteDTO(site), chairsText: site.chairs.joined(separator: "\n"), closedText: site.closedDates.map(\.line).joined(separator: "\n"),
                     link: PageEndpoints.changeSite.link(site.id.lowercased))
        }
        return pages.page("sites", View(shell: Shell(title: "Sites", context: context, current: PageEndpoints.sites.path), rows: rows, draft: draft,
                                        createLink: PageEndpoints.createSite.link(), message: message, errors: errors), status: status)
    }

    /// Each open site's day in its own zone: bookings, sessions, REMS forms overdue, stock warnings.
    private func network(context: VigilContext) async throws -> Response {
        var rows: [NetworkView.Row] = []
        for site in try await database.sites() where site.active {
            let today = CalendarDate(calendar.clock(), in: site.timeZone(fallback: calendar.fallback))
            var actor = context.actor
            actor.siteID = site.id
            let booked = try await database.appointments(AppointmentQuery(from: today, through: today, siteID: site.id), by: actor)
            let sessions = try await database.dosingSessions(on: today, site: site.id, by: actor)
            let rems = try await database.remsQueue(since: today.adding(days: -30), site: site.id, by: actor)
                .filter { RemsQueueItem($0, today: today).state == "overdue" }
            let lots = try await database.ledgerBalances(site: site.id).flatMap(\.lots)
            let query = "?site=\(site.id.lowercased)"
            rows.append(NetworkView.Row(
                name: site.name, timeZone: site.timeZoneID.isEmpty ? "server time zone" : site.timeZoneID, today: "\(OpeningHours.dayName(today.weekday)) \(today)",
                booked: booked.count, dosing: sessions.filter { $0.status != .scheduled }.count, remsOverdue: rems.count,
                openDiscrepancies: lots.reduce(0) { $0 + $1.openDiscrepancies },
                warnings: [site.registrationWarning(today: today)].compactMap { $0 } + lots.filter { $0.units > 0 && $0.lot.isExpired(on: today) }
                    .map { "Lot \($0.lot.lotNumber) (\($0.product.name)) expired on \($0.lot.expiresOn)" },
                boardLink: PageEndpoints.board.link() + query, stockLink: PageEndpoints.inventory.link() + query,
                remsLink: PageEndpoints.remsQueue.link() + query))
        }
        return pages.page("network", NetworkView(shell: Shell(title: "Network", context: context, current: PageEndpoints.network.path), rows: rows))
    }
}
