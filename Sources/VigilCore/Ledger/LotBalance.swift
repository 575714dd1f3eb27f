import Foundation

/// What a lot holds by the book, in the product's unit, in containers and — for vials — in mL.
public struct LotBalance: Sendable, Equatable {
    public let lot: StockLot
    public let product: ControlledProduct
    /// In the product's unit (mg or devices).
    public let units: Double
    public let openDiscrepancies: Int

    public init(lot: StockLot, product: ControlledProduct, units: Double, openDiscrepancies: Int) {
        self.lot = lot
        self.product = product
        self.units = units
        self.openDiscrepancies = openDiscrepancies
    }

    public var containers: Double { product.containers(units) }
    public var millilitres: Double? { product.millilitres(units) }
    /// Unopened containers, counted exactly.
    public var fullContainers: Double { (units / product.unitsPerContainer).rounded(.down) }
    /// What is left in an opened container, whose count may be estimated (21 CFR 1304.11(e)(3)).
    public var openedUnits: Double { LedgerEntry.rounded(units - fullContainers * product.unitsPerContainer) }
    public var hasOpenedContainer: Bool { openedUnits > 0 }

    /// The expiry warning band: 0 when expired, else 30, 60 or 90 for a lot that expires within that
    /// many days and still holds stock; nil when there is nothing to warn about.
    public func expiryBand(today: CalendarDate) -> Int? {
        guard units > 0 else { return nil }
        let days = today.days(to: lot.expiresOn)
        if days < 0 { return 0 }
        return StockLot.expiryWarningDays.first { days <= $0 }
    }
}

extension StockLot {
    /// The overview's expiry warnings (issue 7): 30, 60 and 90 days ahead.
    public static let expiryWarningDays = [30, 60, 90]
}

/// A product's lots added up.
public struct ProductBalance: Sendable, Equatable {
    public let product: ControlledProduct
    public let lots: [LotBalance]

    public init(product: ControlledProduct, lots: [LotBalance]) {
        self.product = product
        self.lots = lots
    }

    public var units: Double { LedgerEntry.rounded(lots.reduce(0) { $0 + $1.units }) }
}

/// An entry as the ledger and its reports show it: with its lot, product, and the patient's name and
/// address for an administration (21 CFR 1304.22(c)).
public struct LedgerLine: Sendable {
    public let entry: LedgerEntry
    public let lot: StockLot
    public let product: ControlledProduct
    public let patientName: String?
    public let patientAddress: String?
    /// The entry a later correction replaced.
    public let correctedBy: UUID?
    /// For a count that differed from the book: the discrepancy it opened.
    public let discrepancy: Discrepancy?

    public init(entry: LedgerEntry, lot: StockLot, product: ControlledProduct, patientName: String?, patientAddress: String?, correctedBy: UUID?,
                discrepancy: Discrepancy? = nil) {
        self.entry = entry
        self.lot = lot
        self.product = product
        self.patientName = patientName
        self.patientAddress = patientAddress
        self.correctedBy = correctedBy
        self.discrepancy = discrepancy
    }
}

/// Which entries to show: by product, lot, patient, type and the days they happened in the clinic's
/// time zone.
public struct LedgerFilter: Sendable {
    public var productID: UUID?
    public var lotID: UUID?
    public var patientID: UUID?
    public var kinds: [LedgerEntry.Kind]
    public var from: CalendarDate?
    public var through: CalendarDate?
    public var page: Page
    /// The site whose book is read (set by the caller from the request's site, never by the client's query).
    public var siteID: UUID?

    public init(productID: UUID? = nil, lotID: UUID? = nil, patientID: UUID? = nil, kinds: [LedgerEntry.Kind] = [], from: CalendarDate? = nil,
                through: CalendarDate? = nil, page: Page = Page()) {
        self.productID = productID
        self.lotID = lotID
        self.patientID = patientID
        self.kinds = kinds
        self.from = from
        self.through = through
        self.page = page
    }

    /// Reads query values, naming the field when one is unusable.
    public init(query: [String: String]) throws(ValidationError) {
        var validator = Validator()
        func id(_ name: String) -> UUID? {
            guard let text = query[name], !text.isEmpty else { return nil }
            let value = UUID(uuidString: text)
            validator.check(value != nil, name, "must be an id")
            return value
        }
        func date(_ name: String) -> CalendarDate? {
            guard let text = query[name], !text.isEmpty else { return nil }
            let value = CalendarDate(text)
            validator.check(value != nil, name, "must be a date in YYYY-MM-DD form")
            return value
        }
        let kinds = (query["type"] ?? "").split(separator: ",").map { String($0) }
        let parsed = kinds.compactMap(LedgerEntry.Kind.init(rawValue:))
        validator.check(parsed.count == kinds.count, "type", "must be one or more of " + LedgerEntry.Kind.allCases.map(\.rawValue).joined(separator: ", "))
        let page: Page
        do { page = try Page(number: query["page"], size: query["perPage"]) } catch {
            for field in error.errors { validator.add(field.field, field.message) }
            page = Page()
        }
        self.init(productID: id("productId"), lotID: id("lotId"), patientID: id("patientId"), kinds: parsed, from: date("from"),
                  through: date("through"), page: page)
        if let from, let through { validator.check(from <= through, "through", "is before from") }
        try validator.finish()
    }
}
