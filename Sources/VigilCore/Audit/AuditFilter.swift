import Foundation

/// Which audit events to list (ONC 170.315(d)(3): a report for a time range, filterable by each
/// element), newest first unless `oldestFirst`.
public struct AuditFilter: Sendable, Equatable {
    public var patientID: UUID?
    public var userID: UUID?
    public var action: AuditAction?
    public var outcome: AuditOutcome?
    public var siteID: UUID?
    /// Inclusive lower bound.
    public var from: Date?
    /// Exclusive upper bound.
    public var to: Date?
    public var oldestFirst: Bool
    public var page: Page

    public init(
        patientID: UUID? = nil, userID: UUID? = nil, action: AuditAction? = nil, outcome: AuditOutcome? = nil, siteID: UUID? = nil,
        from: Date? = nil, to: Date? = nil, oldestFirst: Bool = false, page: Page = Page()
    ) {
        self.patientID = patientID
        self.userID = userID
        self.action = action
        self.outcome = outcome
        self.siteID = siteID
        self.from = from
        self.to = to
        self.oldestFirst = oldestFirst
        self.page = page
    }
}
