/// A page of a long list: 1-based `number`, `size` rows per page.
public struct Page: Sendable, Equatable, Codable {
    public static let defaultSize = 50
    public static let maximumSize = 500

    public var number: Int
    public var size: Int

    public init(number: Int = 1, size: Int = Page.defaultSize) {
        self.number = number
        self.size = size
    }

    /// Reads `page` and `perPage` query values, naming the field when one is unusable.
    public init(number: String?, size: String?) throws(ValidationError) {
        var validator = Validator()
        let parsedNumber = number.map { Int($0) } ?? 1
        let parsedSize = size.map { Int($0) } ?? Page.defaultSize
        validator.check((parsedNumber ?? 0) >= 1, "page", "must be a whole number from 1")
        validator.check((1...Page.maximumSize).contains(parsedSize ?? 0), "perPage", "must be a whole number from 1 to \(Page.maximumSize)")
        try validator.finish()
        self.init(number: parsedNumber!, size: parsedSize!)
    }

    public var offset: Int { (number - 1) * size }
}

/// One page of results with the total, so a client can show "page 2 of 7".
public struct Paged<Item: Sendable>: Sendable {
    public var items: [Item]
    public var page: Page
    public var total: Int

    public init(items: [Item], page: Page, total: Int) {
        self.items = items
        self.page = page
        self.total = total
    }

    public var pageCount: Int { max(1, (total + page.size - 1) / page.size) }
}
