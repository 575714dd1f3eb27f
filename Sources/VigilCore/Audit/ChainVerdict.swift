import Foundation

/// The result of re-computing a hash chain from its first entry.
public struct ChainVerdict: Sendable, Equatable {
    public var intact: Bool
    /// How many entries were checked.
    public var entries: Int
    /// The first entry whose content, hash or link to its predecessor does not match.
    public var firstBrokenEntry: UUID?
    /// A sentence saying what is wrong, for the command line and the audit page.
    public var reason: String?
    /// The latest signed checkpoint the chain was found to match, when there is one.
    public var checkpoint: ChainCheckpoint?

    public init(intact: Bool, entries: Int, firstBrokenEntry: UUID? = nil, reason: String? = nil) {
        self.intact = intact
        self.entries = entries
        self.firstBrokenEntry = firstBrokenEntry
        self.reason = reason
    }
}
