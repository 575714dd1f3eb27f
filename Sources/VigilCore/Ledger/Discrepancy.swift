import Foundation

/// A count that did not match the book: open until an administrator resolves it with a reason.
public struct Discrepancy: Sendable, Equatable, Identifiable {
    public struct Resolution: Sendable, Equatable, Codable {
        public let note: String
        public let byName: String
        public let at: Date
        /// For stock missing: whether the administrator judged it a significant loss (nil for a
        /// surplus, and for resolutions made before the question was asked).
        public let significantLoss: Bool?
        /// The loss-or-theft entry a significant loss started, with its DEA deadlines.
        public var lossEntryID: UUID?

        public init(note: String, byName: String, at: Date, significantLoss: Bool? = nil, lossEntryID: UUID? = nil) {
            self.note = note
            self.byName = byName
            self.at = at
            self.significantLoss = significantLoss
            self.lossEntryID = lossEntryID
        }
    }

    /// What 21 CFR 1301.76(b) asks a registrant to weigh in deciding whether a loss is significant.
    public static let significanceFactors = [
        "the quantity lost for the kind of business", "which controlled substance was lost",
        "whether the loss can be tied to access by particular people or to particular activities", "a pattern of losses over time",
        "whether the substance is a likely candidate for diversion", "local trends and other signs of diversion",
    ]

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
        return Discrepancy(id: NewID.make(), lotID: count.lotID, countEntryID: count.id, counted: count.quantity, book: book, openedAt: count.recordedAt)
    }

    /// Stock the count found missing (0 for a surplus).
    public var missing: Double { max(0, -difference) }

    /// Closes it; only an administrator, with the reason found. Missing stock asks whether it is a
    /// significant loss (21 CFR 1301.76(b)); a yes is recorded as a loss-or-theft entry of what is
    /// missing, discovered when the count was made, which starts the DEA deadlines (`LossDeadlines`).
    public mutating func resolve(note: String?, significantLoss: Bool?, by user: User, at now: Date) throws {
        guard resolution == nil else { throw ConflictError("discrepancy", "was resolved on \(Instant.format(resolution!.at)) by \(resolution!.byName)") }
        guard user.role.may(.resolveDiscrepancies) else { throw ConflictError("role", "a discrepancy is resolved by an administrator") }
        var validator = Validator()
        let reason = validator.text(note, "note", max: 1000)
        if missing > 0 {
            validator.check(significantLoss != nil, "significantLoss",
                            "is required: is the missing stock a significant loss? Weigh " + Self.significanceFactors.joined(separator: "; ") + " (21 CFR 1301.76(b))")
        } else {
            validator.check(significantLoss != true, "significantLoss", "is only for a count that found stock missing")
        }
        try validator.finish()
        resolution = Resolution(note: reason!, byName: user.name, at: now, significantLoss: missing > 0 ? significantLoss : nil)
    }

    /// The loss-or-theft entry a significant loss records: what is missing, discovered at the count.
    public var lossEntry: LedgerEntryForm? {
        guard resolution?.significantLoss == true else { return nil }
        return LedgerEntryForm(type: LedgerEntry.Kind.lossOrTheft.rawValue, lotId: lotID.uuidString, quantity: missing,
                               note: resolution!.note, occurredAt: Instant.format(openedAt))
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
