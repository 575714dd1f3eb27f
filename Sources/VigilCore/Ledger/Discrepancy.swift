import Foundation

/// A count that did not match the book: open until an administrator resolves it with a reason.
public struct Discrepancy: Sendable, Equatable, Identifiable {
    public struct Resolution: Sendable, Equatable, Codable {
        public let note: String
        public let byName: String
        public let at: Date

        public init(note: String, byName: String, at: Date) {
            self.note = note
            self.byName = byName
            self.at = at
        }
    }

    public let id: UUID
    public let lotID: UUID
    public let countEntryID: UUID
    public let counted: Double
    public let book: Double
    public let openedAt: Date
    public var resolution: Resolution?

    public init(id: UUID, lotID: UUID, countEntryID: UUID, counted: Double, book: Double, openedAt: Date, resolution: Resolution? = nil) {
        self.id = id
        self.lotID = lotID
        self.countEntryID = countEntryID
        self.counted = counted
        self.book = book
        self.openedAt = openedAt
        self.resolution = resolution
    }

    /// Counted minus book: negative is stock missing.
    public var difference: Double { LedgerEntry.rounded(counted - book) }

    /// A count opens one when it differs from the book balance.
    public static func opened(by count: LedgerEntry, book: Double) -> Discrepancy? {
        guard count.kind == .count, count.quantity != book else { return nil }
        return Discrepancy(id: UUID(), lotID: count.lotID, countEntryID: count.id, counted: count.quantity, book: book, openedAt: count.recordedAt)
    }

    /// Closes it; only an administrator, with the reason found.
    public mutating func resolve(note: String?, by user: User, at now: Date) throws {
        guard resolution == nil else { throw ConflictError("discrepancy", "was resolved on \(Instant.format(resolution!.at)) by \(resolution!.byName)") }
        guard user.role.may(.resolveDiscrepancies) else { throw ConflictError("role", "a discrepancy is resolved by an administrator") }
        var validator = Validator()
        let reason = validator.text(note, "note", max: 1000)
        try validator.finish()
        resolution = Resolution(note: reason!, byName: user.name, at: now)
    }
}

/// The deadlines a theft or significant loss starts: written notice to the DEA field office within
/// one business day of discovery, and DEA Form 106 within 45 days (21 CFR 1301.76(b), clinical
/// reference §6). Business days skip weekends; public holidays are the clinic's to allow for.
public struct LossDeadlines: Sendable, Equatable {
    public let discoveredOn: CalendarDate
    public let noticeBy: CalendarDate
    public let form106By: CalendarDate

    public static let form106Days = 45

    public init(discoveredAt: Date, timeZone: TimeZone) {
        discoveredOn = CalendarDate(discoveredAt, in: timeZone)
        var next = discoveredOn.adding(days: 1)
        while next.weekday > 5 { next = next.adding(days: 1) }
        noticeBy = next
        form106By = discoveredOn.adding(days: Self.form106Days)
    }

    public func reasons(today: CalendarDate) -> [String] {
        [today > noticeBy ? "Written notice to the DEA field office was due by \(noticeBy) (1 business day): overdue."
                          : "Give written notice to the DEA field office by \(noticeBy) (1 business day from discovery).",
         today > form106By ? "DEA Form 106 was due by \(form106By) (45 days): overdue."
                           : "File DEA Form 106 electronically by \(form106By) (45 days from discovery)."]
    }
}
