/// A page of a long list: 1-based `number`, `size` rows per page.
public struct Page: Sendable, Equatable, Codable {
    public static let defaultSize = 50
    public static let maximumSize = 500
    /// The highest page a client may ask for: 500 million rows at the largest size, far beyond any
    /// clinic's list, and far enough from `Int.max` that `offset` can never overflow.
    public static let maximumNumber = 1_000_000

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
        validator.check((1...Page.maximumNumber).contains(parsedNumber ?? 0), "page", "must be a whole number from 1 to \(Page.maximumNumber)")
        validator.check((1...Page.maximumSize).contains(parsedSize ?? 0), "perPage", "must be a whole number from 1 to \(Page.maximumSize)")
        try validator.finish()
        self.init(number: parsedNumber!, size: parsedSize!)
    }

    /// The rows before this page; a page built in code outside the checked range cannot trap here.
    public var offset: Int {
        let (rows, overflow) = (max(number, 1) - 1).multipliedReportingOverflow(by: max(size, 0))
        return overflow ? Int.max : rows
    }
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
