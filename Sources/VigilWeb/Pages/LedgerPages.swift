import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The ledger filtered by product, lot, patient, type and date, and the DEA records drawn from it —
/// each printable and downloadable as CSV from one table.
struct LedgerPages {
    let database: Database
    let calendar: ClinicCalendar
    let pages: PageRenderer

    struct Row {
        let sequence: Int64
        let when: String
        let type: String
        let product: String
        let lot: String
        let quantity: String
        let patient: String?
        let patientLink: String?
        let by: String
        let witnesses: String
        let note: String
        let corrected: Bool
        let correction: Bool
        let correctLink: String?
    }

    struct LedgerView {
        let shell: Shell
        let products: [SelectOption]
        let lots: [SelectOption]
        let types: [SelectOption]
        let query: [String: String]
        let rows: [Row]
        let summary: String
        let previous: String?
        let next: String?
        let csvLink: String
        let mayRecord: Bool
    }

    struct ReportView {
        struct Line { let cells: [String] }
        let shell: Shell
        let message: String?
        let title: String
        let subtitle: String
        let clinic: String
        let columns: [String]
        let rows: [Line]
        let notes: [String]
        let query: [String: String]
        let isInventory: Bool
        /// The physical inventories to choose from, newest first.
        let inventories: [SelectOption]
        let isPeriod: Bool
        let csvLink: String
        let retention: String
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.ledger) { request, context in
            var query = LedgerAPI.values(request)
            var filter = try LedgerFilter(query: query)
            filter.siteID = context.siteID
            let lines = try await database.ledgerLines(filter, timeZone: calendar.timeZone, by: context.actor)
            let clock = LedgerReport.Clock(timeZone: calendar.timeZone)
            if query["format"] == "csv" {
                var all = filter
                all.page = Page(number: 1, size: Page.maximumSize)
                let report = LedgerReport.entries(try await everyLine(all, context: context), period: period(filter), clock: clock)
                return csv(report)
            }
            let mayRecord = context.identity!.user.role.may(.recordLedger)
            let rows = lines.items.map { line in
                Row(sequence: line.entry.sequence, when: clock.shown(line.entry.occurredAt), type: line.entry.kind.title,
                    product: "\(line.product.name) \(line.product.strength)", lot: line.lot.lotNumber, quantity: line.product.shown(line.entry.quantity),
                    patient: line.patientName, patientLink: line.entry.patientID.map { PageEndpoints.ledger.link(query: ["patientId": $0.lowercased]) },
                    by: line.entry.userName, witnesses: line.entry.witnesses.map(\.name).joined(separator: ", "), note: line.entry.note ?? "",
                    corrected: line.correctedBy != nil, correction: line.entry.corrects != nil,
                    correctLink: mayRecord && line.correctedBy == nil && line.entry.kind.refusal(for: context.identity!.user.role) == nil
                        ? PageEndpoints.ledgerEntry.link(query: ["type": line.entry.kind.rawValue, "lotId": line.lot.id.lowercased,
                                                                 "corrects": line.entry.id.lowercased, "patientId": line.entry.patientID?.lowercased ?? "",
                                                                 "sessionId": line.entry.sessionID?.lowercased ?? ""])
                        : nil)
            }
            let products = try await database.products()
            let lots = try await database.lots(productID: filter.productID, site: context.siteID)
            query["format"] = nil
            func link(page number: Int) -> String {
                var values = query
                values["page"] = String(number)
                return PageEndpoints.ledger.link(query: values)
            }
            let view = LedgerView(
                shell: Shell(title: "Controlled-substance ledger", context: context, current: PageEndpoints.inventory.path),
                products: products.map { SelectOption(value: $0.id.lowercased, label: "\($0.name) \($0.strength)", selected: $0.id == filter.productID) },
                lots: lots.map { SelectOption(value: $0.id.lowercased, label: $0.lotNumber, selected: $0.id == filter.lotID) },
                types: LedgerEntry.Kind.allCases.map { SelectOption(value: $0.rawValue, label: $0.title, selected: filter.kinds == [$0]) },
                query: query, rows: rows, summary: "\(lines.total) entr\(lines.total == 1 ? "y" : "ies") · page \(lines.page.number) of \(max(lines.pageCount, 1))",
                previous: lines.page.number > 1 ? link(page: lines.page.number - 1) : nil,
                next: lines.page.number < lines.pageCount ? link(page: lines.page.number + 1) : nil,
                csvLink: PageEndpoints.ledger.link(query: query.merging(["format": "csv"]) { $1 }), mayRecord: mayRecord)
            return pages.page("ledger", view)
        }
        router.add(PageEndpoints.ledgerReport) { request, context in
            guard let kind = context.parameters.get("report").flatMap(LedgerReport.Kind.init(rawValue:)) else { throw Problem.notFound("report") }
            var query = LedgerAPI.values(request)
            let message = query.removeValue(forKey: "done")
            let today = calendar.today
            // A period defaults to the last 30 days.
            query["from"] = query["from"] ?? today.adding(days: -30).description
            query["through"] = query["through"] ?? today.description
            var filter = try LedgerFilter(query: query)
            filter.siteID = context.siteID
            let clock = LedgerReport.Clock(timeZone: calendar.timeZone)
            let report: LedgerReport
            var taken: [PhysicalInventory] = []
            var chosen: PhysicalInventory?
            switch kind {
            case .entries: report = .entries(try await everyLine(filter, context: context), period: period(filter), clock: clock)
            case .administrations:
                var wanted = filter
                wanted.kinds = [.administration, .waste]
                report = .administrations(try await everyLine(wanted, context: context), period: period(filter), clock: clock)
            case .destructions:
                var wanted = filter
                wanted.kinds = [.destruction]
                report = .destructions(try await everyLine(wanted, context: context), period: period(filter), clock: clock)
            case .losses:
                var wanted = filter
                wanted.kinds = [.lossOrTheft]
                report = .losses(try await everyLine(wanted, context: context), period: period(filter), today: today, clock: clock)
            case .discrepancies: report = .discrepancies(try await database.discrepancies(openOnly: true, site: context.siteID), clock: clock)
            case .inventory:
                taken = try await database.physicalInventories(site: context.siteID)
                let wanted = try query["inventoryId"].flatMap { $0.isEmpty ? nil : $0 }.map { text -> UUID in
                    guard let id = UUID(uuidString: text), taken.contains(where: { $0.id == id }) else {
                        throw ValidationError("inventoryId", "is not a physical inventory that was taken")
                    }
                    return id
                }
                chosen = wanted.flatMap { id in taken.first { $0.id == id } } ?? taken.first
                report = .inventory(chosen, lots: try await database.lotsByID(site: context.siteID), due: InventoryDue(latest: taken.first, today: today), clock: clock)
            }
            if query["format"] == "csv" { return csv(report) }
            query["format"] = nil
            let view = ReportView(
                shell: Shell(title: kind.title, context: context, current: PageEndpoints.inventory.path), message: message, title: kind.title, subtitle: report.subtitle,
                clinic: try context.workingSite().registrant, columns: report.columns,
                rows: report.rows.map { ReportView.Line(cells: $0) }, notes: report.notes, query: query, isInventory: kind == .inventory,
                inventories: taken.map { SelectOption(value: $0.id.lowercased, label: "\($0.kind.title), \($0.when)", selected: $0.id == chosen?.id) },
                isPeriod: ![.inventory, .discrepancies].contains(kind),
                csvLink: PageEndpoints.ledgerReport.link(kind.rawValue, query: query.merging(["format": "csv"]) { $1 }),
                retention: "Keep for at least \(try await database.clinicSettings().ledgerRetentionYears) years (clinic setting; 21 CFR 1304.04 asks at least 2). Vigil never removes ledger records.")
            return pages.page("ledger-report", view)
        }
    }

    /// Every entry matching the filter, page by page, newest first.
    private func everyLine(_ filter: LedgerFilter, context: VigilContext) async throws -> [LedgerLine] {
        var filter = filter
        filter.page = Page(number: 1, size: Page.maximumSize)
        var lines: [LedgerLine] = []
        while true {
            let found = try await database.ledgerLines(filter, timeZone: calendar.timeZone, by: context.actor)
            lines += found.items
            if filter.page.number >= found.pageCount { return lines }
            filter.page.number += 1
        }
    }

    private func period(_ filter: LedgerFilter) -> String {
        switch (filter.from, filter.through) {
        case let (from?, through?): "\(from) to \(through)"
        case let (from?, nil): "from \(from)"
        case let (nil, through?): "through \(through)"
        case (nil, nil): "all entries"
        }
    }

    private func csv(_ report: LedgerReport) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                        .contentDisposition: "attachment; filename=\"vigil-\(report.kind.rawValue)-\(calendar.today).csv\""],
                 body: .init(byteBuffer: ByteBuffer(string: report.csv)))
    }
}
