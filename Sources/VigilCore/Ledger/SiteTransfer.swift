import Foundation

/// Stock moved from one site of the network to another. Each site is its own DEA registrant
/// (21 CFR 1301.12), so a transfer is a distribution from one registrant to another: two ledger
/// entries — a transfer out of the sending site's lot and a receipt into a lot of the receiving
/// site — each naming the other registrant's name, address and registration number, the record a
/// practitioner keeps of controlled substances distributed and received (21 CFR 1304.22(c)).
/// Schedule III–V need no DEA Form 222 between registrants (that is Schedule I–II, 21 CFR 1305.03);
/// a practitioner's distributions to another practitioner are limited to 5 % of the dosage units it
/// distributes and dispenses in a year (21 CFR 1307.11(a)(1)(iv)), which the transfer form says.
public struct SiteTransferForm: Sendable, Decodable {
    public var lotId: String?
    public var toSiteId: String?
    public var quantity: Double?
    public var note: String?

    public init(lotId: String? = nil, toSiteId: String? = nil, quantity: Double? = nil, note: String? = nil) {
        self.lotId = lotId
        self.toSiteId = toSiteId
        self.quantity = quantity
        self.note = note
    }

    public struct Checked: Sendable {
        public let lotID: UUID
        public let toSiteID: UUID
        public let quantity: Double
        public let note: String?
    }

    public static let limitNote = "A practitioner may distribute to another practitioner at most 5 % of the dosage units it distributes and dispenses in a year (21 CFR 1307.11(a)(1)(iv)); beyond that the sending site needs a distributor's registration."

    public func checked() throws(ValidationError) -> Checked {
        var validator = Validator()
        let lot = lotId.flatMap(UUID.init(uuidString:))
        validator.check(lot != nil, "lotId", lotId == nil ? "is required" : "must be a lot's id")
        let site = toSiteId.flatMap(UUID.init(uuidString:))
        validator.check(site != nil, "toSiteId", toSiteId == nil ? "is required" : "must be a site's id")
        let amount = quantity.map(LedgerEntry.rounded)
        if let amount {
            validator.check(amount > 0 && amount <= 1_000_000, "quantity", "must be above 0 and at most 1000000")
        } else {
            validator.add("quantity", "is required")
        }
        let text = validator.text(note, "note", max: 1000, required: false)
        try validator.finish()
        return Checked(lotID: lot!, toSiteID: site!, quantity: amount!, note: text)
    }

    /// Why stock may not go from `from` to `to`, or nil when it may: two different open sites, each
    /// with its registration set, since each record names the other's (21 CFR 1304.22(c)).
    public static func refusal(from: Site, to: Site) -> FieldError? {
        if from.id == to.id { return FieldError("toSiteId", "is the site the stock is at; choose another site") }
        if !to.active { return FieldError("toSiteId", "\(to.name) is closed") }
        for site in [from, to] where site.deaRegistration.isEmpty {
            return FieldError(site.id == from.id ? "lotId" : "toSiteId",
                              "\(site.name) has no DEA registration number set (Sites): a transfer's records name both registrations (21 CFR 1304.22(c))")
        }
        return nil
    }
}
