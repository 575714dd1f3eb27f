import Foundation

/// One lot of a product as received: the containers' lot number and expiry, and the supplier's
/// name, address and DEA number with the invoice (21 CFR 1304.22(c); Schedule III is ordered on
/// invoices, not Form 222 — clinical reference §6), and the safe it is kept in.
public struct StockLot: Sendable, Equatable, Codable, Identifiable {
    public let id: UUID
    public let productID: UUID
    public let lotNumber: String
    public let expiresOn: CalendarDate
    public let supplierName: String
    public let supplierAddress: String
    public let supplierDEANumber: String
    public let invoiceNumber: String
    public let storageLocation: String

    /// The site (DEA registration) whose stock it is.
    public let siteID: UUID

    public init(id: UUID, productID: UUID, lotNumber: String, expiresOn: CalendarDate, supplierName: String, supplierAddress: String,
                supplierDEANumber: String, invoiceNumber: String, storageLocation: String, siteID: UUID = Site.firstID) {
        self.id = id
        self.siteID = siteID
        self.productID = productID
        self.lotNumber = lotNumber
        self.expiresOn = expiresOn
        self.supplierName = supplierName
        self.supplierAddress = supplierAddress
        self.supplierDEANumber = supplierDEANumber
        self.invoiceNumber = invoiceNumber
        self.storageLocation = storageLocation
    }

    /// A lot may be given up to and including its expiry date.
    public func isExpired(on day: CalendarDate) -> Bool { day > expiresOn }

    /// A DEA registration number: two letters then seven digits whose last is the check digit
    /// (odd places + 2 × even places of the first six, last digit of the sum).
    public static func isValidDEANumber(_ text: String) -> Bool {
        let characters = Array(text.uppercased())
        guard characters.count == 9, characters[0...1].allSatisfy({ $0.isLetter && $0.isASCII }) else { return false }
        let digits = characters[2...].compactMap { $0.wholeNumberValue }
        guard digits.count == 7 else { return false }
        let sum = digits[0] + digits[2] + digits[4] + 2 * (digits[1] + digits[3] + digits[5])
        return sum % 10 == digits[6]
    }
}

/// A lot as a client sends it.
public struct StockLotForm: Sendable, Decodable {
    public var productId: String?
    public var lotNumber: String?
    public var expiresOn: String?
    public var supplierName: String?
    public var supplierAddress: String?
    public var supplierDeaNumber: String?
    public var invoiceNumber: String?
    public var storageLocation: String?

    public init(productId: String? = nil, lotNumber: String? = nil, expiresOn: String? = nil, supplierName: String? = nil,
                supplierAddress: String? = nil, supplierDeaNumber: String? = nil, invoiceNumber: String? = nil, storageLocation: String? = nil) {
        self.productId = productId
        self.lotNumber = lotNumber
        self.expiresOn = expiresOn
        self.supplierName = supplierName
        self.supplierAddress = supplierAddress
        self.supplierDeaNumber = supplierDeaNumber
        self.invoiceNumber = invoiceNumber
        self.storageLocation = storageLocation
    }

    /// The lot as received into the stock of `site`.
    public func checked(site: UUID) throws(ValidationError) -> StockLot {
        var validator = Validator()
        let productID = productId.flatMap(UUID.init(uuidString:))
        validator.check(productID != nil, "productId", "must be a product's id")
        let lot = validator.text(lotNumber, "lotNumber", max: 40)
        let expiry = expiresOn.flatMap(CalendarDate.init)
        validator.check(expiry != nil, "expiresOn", "must be a date in YYYY-MM-DD form")
        let supplier = validator.text(supplierName, "supplierName", max: 200)
        let address = validator.text(supplierAddress, "supplierAddress", max: 500)
        let dea = supplierDeaNumber?.trimmingCharacters(in: .whitespaces).uppercased() ?? ""
        validator.check(StockLot.isValidDEANumber(dea), "supplierDeaNumber", "must be a DEA number: two letters and seven digits with a valid check digit")
        let invoice = validator.text(invoiceNumber, "invoiceNumber", max: 60)
        let location = validator.text(storageLocation, "storageLocation", max: 100)
        try validator.finish()
        return StockLot(id: NewID.make(), productID: productID!, lotNumber: lot!, expiresOn: expiry!, supplierName: supplier!, supplierAddress: address!,
                        supplierDEANumber: dea, invoiceNumber: invoice!, storageLocation: location!, siteID: site)
    }
}
