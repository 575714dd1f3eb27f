import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The clinic-wide lists: open suicidality alerts, and measures due, sent, completed and overdue.
struct AlertsAndMeasuresPages {
    let database: Database
    let alerts: AlertsAPI
    let requests: MeasureRequestsAPI
    let chart: ChartPage
    let calendar: ClinicCalendar
    let pages: PageRenderer

    struct AlertsView {
        struct Row {
            let id: String
            let patientName: String
            let chartLink: String
            let instrument: String
            let level: String
            let raisedAt: String
            let reasons: [String]
            let isOpen: Bool
            let acknowledged: String?
            let link: String
        }

        let shell: Shell
        let open: [Row]
        let recent: [Row]
        let mayDocument: Bool
        let message: String?
        let errors: [FieldError]
    }

    struct BoardView {
        struct Row {
            let patientName: String
            let chartLink: String
            let instrument: String
            let instrumentId: String
            let every: String
            let status: String
            let statusClass: String
            let nextDue: String
            let latest: String?
            let sendLink: String
            let canSend: Bool
            let reason: String
        }

        let shell: Shell
        let rows: [Row]
        let counts: [String]
        let mayDocument: Bool
        let canEmail: Bool
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.alerts) { request, context in
            try await alertsPage(context: context, message: request.uri.queryParameters["done"].map(String.init), errors: [], status: .ok)
        }
        router.add(PageEndpoints.acknowledgeAlert) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            let id = try context.uuidParameter("id")
            // From the chart, back to the chart; the patient id must be an id, never an address.
            let chartID = form["patientId"].flatMap(UUID.init(uuidString:))
            do {
                let alert = try await alerts.acknowledge(id, actionTaken: form["actionTaken"], context: context)
                let message = "Acknowledged the \(Instrument.named(alert.instrument).name) alert."
                return chartID.map { ChartPage.done($0, message) } ?? .redirect(to: PageEndpoints.alerts.link(), done: message)
            } catch let invalid as ValidationError {
                if let chartID {
                    return try await chart.chart(id: chartID, context: context, message: nil, errors: invalid.errors, status: .unprocessableContent)
                }
                return try await alertsPage(context: context, message: nil, errors: invalid.errors, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.measures) { _, context in
            let planned = try await database.plannedMeasures(calendar: try await requests.measureCalendar(), by: context.actor)
            let order: [MeasurementPlan.Status] = [.overdue, .due, .sent, .completed]
            let rows = planned.sorted { (order.firstIndex(of: $0.progress.status)!, $0.progress.nextDue) < (order.firstIndex(of: $1.progress.status)!, $1.progress.nextDue) }
                .map { item in
                    BoardView.Row(patientName: item.patientName, chartLink: PageEndpoints.chart.link(item.plan.patientID.lowercased),
                                  instrument: Instrument.named(item.plan.instrument).name, instrumentId: item.plan.instrument.rawValue, every: "every \(item.plan.everyDays) days",
                                  status: item.progress.status.rawValue, statusClass: MeasuresView.planClass(item.progress.status),
                                  nextDue: item.progress.nextDue.description,
                                  latest: item.newestRequest.map { "link \($0.status(at: calendar.clock()).rawValue), sent \($0.createdAt.shown)" + ($0.deliveryNote.map { "; \($0)" } ?? "") },
                                  sendLink: PageEndpoints.sendMeasure.link(item.plan.patientID.lowercased),
                                  canSend: item.progress.status == .due || item.progress.status == .overdue, reason: item.plan.reason)
                }
            let counts = order.map { status in "\(planned.filter { $0.progress.status == status }.count) \(status.rawValue)" }
            let role = context.identity!.user.role
            return pages.page("measures", BoardView(shell: Shell(title: "Measures", context: context, current: PageEndpoints.measures.path),
                                                    rows: rows, counts: counts, mayDocument: role.may(.documentClinical),
                                                    canEmail: requests.links.canEmail))
        }
    }

    private func alertsPage(context: VigilContext, message: String?, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let open = try await database.suicidalityAlerts(status: .open, page: Page(number: 1, size: Page.maximumSize), by: context.actor)
        let recent = try await database.suicidalityAlerts(status: .acknowledged, page: Page(number: 1, size: 20), by: context.actor)
        func row(_ alert: SuicidalityAlert) -> AlertsView.Row {
            AlertsView.Row(id: alert.id.lowercased, patientName: alert.patientName ?? "", chartLink: PageEndpoints.chart.link(alert.patientID.lowercased),
                           instrument: Instrument.named(alert.instrument).name, level: alert.level.rawValue, raisedAt: alert.raisedAt.shown,
                           reasons: alert.reasons,
                           isOpen: alert.status == .open,
                           acknowledged: alert.acknowledgedAt.map { "\($0.shown) by \(alert.acknowledgedByName ?? ""): \(alert.actionTaken ?? "")" },
                           link: PageEndpoints.acknowledgeAlert.link(alert.id.lowercased))
        }
        let view = AlertsView(shell: Shell(title: "Alerts", context: context, current: PageEndpoints.alerts.path),
                              open: open.items.map(row), recent: recent.items.map(row),
                              mayDocument: context.identity!.user.role.may(.documentClinical), message: message, errors: errors)
        return pages.page("alerts", view, status: status)
    }
}
