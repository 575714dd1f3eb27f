/// An email address as Vigil stores it: trimmed and lower-cased, so that uniqueness is
/// case-insensitive. The check is deliberately plain (one `@`, a dot in the domain, no spaces):
/// the address is a login name, and delivery is not Vigil's concern.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init?(_ raw: String) {
        let trimmed = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard trimmed.count <= 254, parts.count == 2,
              !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !trimmed.contains(where: { $0.isWhitespace || $0.isNewline })
        else { return nil }
        value = trimmed
    }

    public var description: String { value }
}
