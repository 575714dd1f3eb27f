import Foundation

/// A physical inventory: every lot on hand counted on one day, at the opening or close of business,
/// signed by the person who took it, and kept unchanged (21 CFR 1304.11; clinical reference §6).
/// Unopened containers are counted exactly; an opened Schedule III–V container may be estimated
/// (1304.11(e)(3)). Each lot's count is also a count entry in the ledger, so a count that differs
/// from the book opens a discrepancy as the end-of-day count does.
public struct PhysicalInventory: Sendable, Equatable, Identifiable {
    /// The first inventory, taken when controlled substances are first handled (even if there are
    /// none: 1304.11(b)); then at least every two years (1304.11(c)).
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case initial, biennial

        public var title: String { self == .initial ? "Initial inventory" : "Biennial inventory" }
    }

    /// What was found of one lot.
    public struct Count: Sendable, Equatable, Codable {
        public let lotID: UUID
        /// Unopened containers, counted exactly.
        public let fullContainers: Int
        /// What is left in an opened container, in the product's unit: estimated for Schedule III–V.
        public let openedUnits: Double
        /// The book balance at the moment of the count.
        public let book: Double
        /// The ledger's count entry for it.
        public let countEntryID: UUID

        public init(lotID: UUID, fullContainers: Int, openedUnits: Double, book: Double, countEntryID: UUID) {
            self.lotID = lotID
            self.fullContainers = fullContainers
            self.openedUnits = openedUnits
            self.book = book
            self.countEntryID = countEntryID
        }

        /// The lot's whole count, in the product's unit.
        public func counted(_ product: ControlledProduct) -> Double {
            LedgerEntry.rounded(Double(fullContainers) * product.unitsPerContainer + openedUnits)
        }
    }

    public let id: UUID
    public let kind: Kind
    public let takenOn: CalendarDate
    public let atOpening: Bool
    public let takenBy: Appointment.StaffMember
    /// Who counted with the taker, confirming with their own password.
    public let countedWith: Appointment.StaffMember
    /// When the taker signed it, confirming with their password.
    public let signedAt: Date
    public let note: String?
    public let counts: [Count]

    /// The site (DEA registration) whose stock was counted.
    public let siteID: UUID

    public init(id: UUID, kind: Kind, takenOn: CalendarDate, atOpening: Bool, takenBy: Appointment.StaffMember, countedWith: Appointment.StaffMember,
                signedAt: Date, note: String?, counts: [Count], siteID: UUID = Site.firstID) {
        self.id = id
        self.siteID = siteID
        self.kind = kind
        self.takenOn = takenOn
        self.atOpening = atOpening
        self.takenBy = takenBy
        self.countedWith = countedWith
        self.signedAt = signedAt
        self.note = note
        self.counts = counts
    }

    public var when: String { "\(takenOn), at the \(atOpening ? "opening" : "close") of business" }

    /// The next inventory is due within two years of this one (21 CFR 1304.11(c)); from 29 February,
    /// by 28 February.
    public var nextDueBy: CalendarDate {
        CalendarDate(year: takenOn.year + 2, month: takenOn.month, day: takenOn.day) ?? takenOn.adding(days: 730)
    }
}

/// When the next inventory is due, as the stock overview and the inventory report say it.
public struct InventoryDue: Sendable, Equatable {
    /// How far ahead the overview starts warning: Vigil practice, to leave time to plan the count.
    public static let warningDays = 60

    public let dueBy: CalendarDate?
    public let overdue: Bool
    public let soon: Bool
    public let reason: String

    public init(latest: PhysicalInventory?, today: CalendarDate) {
        guard let latest else {
            dueBy = nil
            overdue = true
            soon = true
            reason = "No initial inventory is recorded: take one on the day the clinic first handles controlled substances, even if it holds none (21 CFR 1304.11(b))."
            return
        }
        let due = latest.nextDueBy
        let days = today.days(to: due)
        dueBy = due
        overdue = days < 0
        soon = days <= Self.warningDays
        let last = "\(latest.kind.title) of \(latest.when)"
        reason = overdue ? "The biennial inventory was due by \(due) (within 2 years of the \(last.lowercased()), 21 CFR 1304.11(c)): overdue."
            : "Next biennial inventory due by \(due): within 2 years of the \(last.lowercased()) (21 CFR 1304.11(c))."
    }
}

/// A physical inventory as a client sends it: one count per lot on hand, the taker's password, and
/// the second counter's email and password.
public struct PhysicalInventoryForm: Sendable, Decodable {
    public struct LotCount: Sendable, Decodable {
        public var lotId: String?
        public var fullContainers: Double?
        public var openedUnits: Double?

        public init(lotId: String?, fullContainers: Double?, openedUnits: Double?) {
            self.lotId = lotId
            self.fullContainers = fullContainers
            self.openedUnits = openedUnits
        }
    }

    public var kind: String?
    /// `opening` or `close` of business.
    public var at: String?
    public var counts: [LotCount]?
    public var note: String?
    /// The taker's own password: their signature.
    public var password: String?
    /// The second person who counted (a count is made by two: clinic-day issue, finding 8).
    public var witness: LedgerEntryForm.WitnessCredentials?

    public init(kind: String?, at: String?, counts: [LotCount]?, note: String? = nil, password: String?,
                witness: LedgerEntryForm.WitnessCredentials?) {
        self.kind = kind
        self.at = at
        self.counts = counts
        self.note = note
        self.password = password
        self.witness = witness
    }

    /// The most lots one inventory takes: far above any clinic's safe, and a bound on the work.
    public static let maximumLots = 1000

    /// What the form says, checked against the lots and their book balances now.
    public struct Checked: Sendable {
        public let kind: PhysicalInventory.Kind
        public let atOpening: Bool
        public let note: String?
        public let counts: [(lot: LotBalance, fullContainers: Int, openedUnits: Double)]
    }

    /// Every lot that holds stock by the book, or has an open discrepancy, must be counted; each lot
    /// once; whole containers as a whole number; an opened container's remainder below one container,
    /// and none for devices, which are never opened.
    public func checked(lots: [LotBalance]) throws(ValidationError) -> Checked {
        var validator = Validator()
        let kind: PhysicalInventory.Kind? = validator.choice(kind, "kind")
        validator.check(["opening", "close"].contains(at ?? ""), "at", "must be opening or close (of business: 21 CFR 1304.11(a))")
        let note = validator.text(note, "note", max: 1000, required: false)
        validator.check(!(password ?? "").isEmpty, "password", "is required: your password signs the inventory")
        validator.check(!(witness?.email ?? "").isEmpty && !(witness?.password ?? "").isEmpty, "witness",
                        "is required: a second clinician counts with you and confirms with their email and password")
        let given = counts ?? []
        validator.check(given.count <= Self.maximumLots, "counts", "must list at most \(Self.maximumLots) lots")
        let byID = Dictionary(lots.map { ($0.lot.id, $0) }, uniquingKeysWith: { first, _ in first })
        var found: [(lot: LotBalance, fullContainers: Int, openedUnits: Double)] = []
        var seen = Set<UUID>()
        for (index, count) in given.prefix(Self.maximumLots).enumerated() {
            let field = "counts[\(index)]"
            guard let id = count.lotId.flatMap(UUID.init(uuidString:)), let lot = byID[id] else {
                validator.add("\(field).lotId", "must be the id of a lot that was received")
                continue
            }
            validator.check(seen.insert(id).inserted, "\(field).lotId", "counts lot \(lot.lot.lotNumber) a second time")
            let full = count.fullContainers ?? -1
            validator.check(full >= 0 && full <= 100_000 && full == full.rounded(), "\(field).fullContainers",
                            "must be the whole number of unopened containers, 0 to 100000")
            let opened = LedgerEntry.rounded(count.openedUnits ?? 0)
            if lot.product.unit == .device {
                validator.check(opened == 0, "\(field).openedUnits", "is not taken for devices: count every device as a whole container")
            } else {
                validator.check(opened >= 0 && opened < lot.product.unitsPerContainer, "\(field).openedUnits",
                                "must be 0 or more and less than one container (\(lot.product.shown(lot.product.unitsPerContainer)))")
            }
            if full >= 0 && full <= 100_000 && full == full.rounded() { found.append((lot, Int(full), opened)) }
        }
        let missing = lots.filter { ($0.units != 0 || $0.openDiscrepancies > 0) && !seen.contains($0.lot.id) }
        validator.check(missing.isEmpty, "counts", "must count every lot on hand; not counted: "
                        + missing.map { "lot \($0.lot.lotNumber) of \($0.product.name)" }.joined(separator: ", "))
        try validator.finish()
        return Checked(kind: kind!, atOpening: at == "opening", note: note, counts: found)
    }
}
