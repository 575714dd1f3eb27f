import Foundation

/// A DEA record drawn from the ledger, as a table that prints and downloads as CSV alike
/// (21 CFR 1304.04: records readily retrievable; 1304.11, 1304.22(c), 1301.76(b) — clinical reference §6).
public struct LedgerReport: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case entries, administrations, inventory, destructions, losses, discrepancies

        public var title: String {
            switch self {
            case .entries: "Ledger entries"
            case .administrations: "Administration log"
            case .inventory: "Physical inventory (initial or biennial)"
            case .destructions: "Destruction records"
            case .losses: "Loss and theft records"
            case .discrepancies: "Open discrepancies"
            }
        }
    }

    public let kind: Kind
    public let subtitle: String
    public let columns: [String]
    public let rows: [[String]]
    public let notes: [String]

    /// How entries' times are shown: the day and time on the clinic's wall clock.
    public struct Clock: Sendable {
        public let timeZone: TimeZone

        public init(timeZone: TimeZone) { self.timeZone = timeZone }

        public func shown(_ date: Date) -> String {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let parts = calendar.dateComponents([.hour, .minute], from: date)
            return "\(CalendarDate(date, in: timeZone)) " + String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        }
    }

    static func describe(_ product: ControlledProduct) -> String { "\(product.name) \(product.strength), \(product.form)" }

    /// The continuing record: every entry as written, corrected ones marked (21 CFR 1304.21).
    public static func entries(_ lines: [LedgerLine], period: String, clock: Clock) -> LedgerReport {
        let rows = lines.map { line in
            [String(line.entry.sequence), clock.shown(line.entry.occurredAt), line.entry.kind.title, describe(line.product), line.lot.lotNumber,
             line.product.shown(line.entry.quantity), line.patientName ?? "", line.entry.userName, line.entry.witnesses.map(\.name).joined(separator: ", "),
             line.entry.note ?? "", line.correctedBy == nil ? "" : "corrected by a later entry", line.entry.corrects == nil ? "" : "corrects an earlier entry",
             clock.shown(line.entry.recordedAt)]
        }
        return LedgerReport(kind: .entries, subtitle: period,
                            columns: ["No.", "When", "Type", "Product", "Lot", "Quantity", "Patient", "Recorded by", "Witnesses", "Note", "Corrected",
                                      "Correction", "Recorded at"],
                            rows: rows, notes: ["\(rows.count) entr\(rows.count == 1 ? "y" : "ies")."])
    }

    /// Each administration with the patient's name and address, who gave it (the clinician of the
    /// session, not whoever typed the entry), and the waste of the
    /// same patient that day with its witnesses (21 CFR 1304.22(c); waste: practice, §6).
    public static func administrations(_ lines: [LedgerLine], period: String, clock: Clock) -> LedgerReport {
        let current = lines.filter { $0.correctedBy == nil }.sorted { $0.entry.occurredAt < $1.entry.occurredAt }
        let wastes = current.filter { $0.entry.kind == .waste }
        func day(_ line: LedgerLine) -> CalendarDate { CalendarDate(line.entry.occurredAt, in: clock.timeZone) }
        let rows = current.filter { $0.entry.kind == .administration }.map { line -> [String] in
            let waste = wastes.filter { $0.entry.patientID == line.entry.patientID && $0.lot.id == line.lot.id && day($0) == day(line) }
            return [clock.shown(line.entry.occurredAt), line.patientName ?? "", line.patientAddress ?? "", describe(line.product), line.lot.lotNumber,
                    line.product.shown(line.entry.quantity), line.entry.administeredBy?.name ?? line.entry.userName, line.entry.userName,
                    waste.map { $0.product.shown($0.entry.quantity) }.joined(separator: "; "),
                    waste.flatMap { $0.entry.witnesses.map(\.name) }.joined(separator: ", ")]
        }
        return LedgerReport(kind: .administrations, subtitle: period,
                            columns: ["Date and time", "Patient", "Patient address", "Product", "Lot", "Quantity", "Administered by", "Recorded by", "Waste",
                                      "Waste witnessed by"],
                            rows: rows, notes: ["\(rows.count) administration(s)."])
    }

    /// A stored physical inventory, lot by lot: unopened containers counted exactly, an opened
    /// container estimated (21 CFR 1304.11(e)(3) allows it for Schedule III–V), beside the book at the
    /// moment of the count; signed by its taker. With none taken, the report says so and is empty.
    public static func inventory(_ inventory: PhysicalInventory?, lots: [UUID: (lot: StockLot, product: ControlledProduct)], due: InventoryDue,
                                 clock: Clock) -> LedgerReport {
        guard let inventory else {
            return LedgerReport(kind: .inventory, subtitle: "None taken yet", columns: [], rows: [], notes: [due.reason])
        }
        let rows = inventory.counts.compactMap { count -> [String]? in
            guard let (lot, product) = lots[count.lotID] else { return nil }
            let counted = count.counted(product)
            let opened = count.openedUnits > 0 ? product.shown(count.openedUnits) + (product.openedCountIsEstimate ? " (estimate)" : " (exact)") : "none"
            return [product.name, product.ndc, product.strength, product.form, Dose.formatted(product.unitsPerContainer) + " " + product.unit.rawValue,
                    product.schedule, lot.lotNumber, String(count.fullContainers), opened, product.shown(counted), product.shown(count.book),
                    product.shown(LedgerEntry.rounded(counted - count.book))]
        }
        return LedgerReport(kind: .inventory, subtitle: "\(inventory.kind.title), \(inventory.when)",
                            columns: ["Product", "NDC", "Strength", "Form", "Units per container", "Schedule", "Lot", "Unopened containers (exact)",
                                      "Opened container", "Counted", "Book at the count", "Difference"],
                            rows: rows,
                            notes: ["\(inventory.kind.title) taken at the \(inventory.atOpening ? "opening" : "close") of business on \(inventory.takenOn) by \(inventory.takenBy.name), counted with \(inventory.countedWith.name); signed with their password at \(clock.shown(inventory.signedAt)).",
                                    inventory.note.map { "Note: \($0)" }, due.reason].compactMap { $0 })
    }

    /// Destruction of stock with both witnesses and the manner (DEA Form 41: two witnesses).
    public static func destructions(_ lines: [LedgerLine], period: String, clock: Clock) -> LedgerReport {
        let rows = lines.filter { $0.entry.kind == .destruction && $0.correctedBy == nil }.sorted { $0.entry.occurredAt < $1.entry.occurredAt }.map { line in
            [clock.shown(line.entry.occurredAt), describe(line.product), line.lot.lotNumber, line.product.shown(line.entry.quantity), line.entry.note ?? "",
             line.entry.userName, line.entry.witnesses.first?.name ?? "", line.entry.witnesses.dropFirst().first?.name ?? ""]
        }
        return LedgerReport(kind: .destructions, subtitle: period,
                            columns: ["Date and time", "Product", "Lot", "Quantity", "Manner", "Recorded by", "Witness 1", "Witness 2"],
                            rows: rows, notes: ["\(rows.count) destruction(s). Each needs two witnesses (DEA Form 41)."])
    }

    /// Losses and thefts with their discovery and deadlines (21 CFR 1301.76(b)).
    public static func losses(_ lines: [LedgerLine], period: String, today: CalendarDate, clock: Clock) -> LedgerReport {
        let rows = lines.filter { $0.entry.kind == .lossOrTheft && $0.correctedBy == nil }.sorted { $0.entry.occurredAt < $1.entry.occurredAt }.map { line in
            let due = LossDeadlines(discoveredAt: line.entry.occurredAt, timeZone: clock.timeZone)
            return [clock.shown(line.entry.occurredAt), describe(line.product), line.lot.lotNumber, line.product.shown(line.entry.quantity), line.entry.note ?? "",
                    line.entry.userName, due.noticeBy.description, due.form106By.description, due.reasons(today: today).joined(separator: " ")]
        }
        return LedgerReport(kind: .losses, subtitle: period,
                            columns: ["Discovered", "Product", "Lot", "Quantity", "What happened", "Recorded by", "DEA notice by", "Form 106 by", "Deadlines"],
                            rows: rows, notes: ["\(rows.count) loss or theft record(s)."])
    }

    /// Counts that differed from the book and are not yet resolved.
    public static func discrepancies(_ items: [(discrepancy: Discrepancy, lot: StockLot, product: ControlledProduct)], clock: Clock) -> LedgerReport {
        let rows = items.filter { $0.discrepancy.resolution == nil }.map { item in
            [clock.shown(item.discrepancy.openedAt), describe(item.product), item.lot.lotNumber, item.product.shown(item.discrepancy.counted),
             item.product.shown(item.discrepancy.book), item.product.shown(item.discrepancy.difference)]
        }
        return LedgerReport(kind: .discrepancies, subtitle: "Open now",
                            columns: ["Opened", "Product", "Lot", "Counted", "Book", "Difference"], rows: rows,
                            notes: ["\(rows.count) open discrepancy(ies). Each stays open until an administrator resolves it with the reason found."])
    }

    /// RFC 4180 text; a cell that a spreadsheet could run as a formula — any starting with `= + - @`, a
    /// tab or a carriage return, numbers included (`-1+HYPERLINK(…)` starts with a digit) — is prefixed
    /// with an apostrophe (OWASP, CSV injection).
    public var csv: String {
        func cell(_ text: String) -> String {
            var value = text
            if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
            return value.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        return ([columns] + rows).map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
