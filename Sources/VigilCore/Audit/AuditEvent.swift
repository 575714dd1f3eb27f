import Foundation

/// One entry of the append-only audit trail (fields after ASTM E2147-18 and FHIR AuditEvent).
public struct AuditEvent: Sendable, Equatable {
    public var id: UUID
    /// Position in the chain, starting at 1.
    public var sequence: Int64
    public var occurredAt: Date
    public var userID: UUID?
    public var role: Role?
    public var address: String?
    public var sessionID: UUID?
    /// Where the actor was working (their current site); nil for events before sites and outside one.
    public var siteID: UUID?
    public var action: AuditAction
    public var outcome: AuditOutcome
    public var patientID: UUID?
    public var resourceType: String
    public var resourceID: String?
    /// What changed, what was queried, or why: never a credential or token.
    public var detail: String?
    /// The patients a list read showed, in order and without repeats (see `AuditRecord`).
    public var patientsShown: [UUID]
    public var previousHash: String
    public var hash: String

    public init(
        id: UUID, sequence: Int64, occurredAt: Date, actor: Actor, action: AuditAction, outcome: AuditOutcome,
        patientID: UUID?, resourceType: String, resourceID: String?, detail: String?, patientsShown: [UUID] = [],
        previousHash: String, hash: String
    ) {
        self.id = id
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.userID = actor.userID
        self.role = actor.role
        self.address = actor.address
        self.sessionID = actor.sessionID
        self.siteID = actor.siteID
        self.action = action
        self.outcome = outcome
        self.patientID = patientID
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.detail = detail
        self.patientsShown = patientsShown
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The hash of the first event's predecessor.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The patients shown as stored: lowercase ids separated by spaces, nil for none.
    public var patientsShownText: String? {
        patientsShown.isEmpty ? nil : patientsShown.map { $0.uuidString.lowercased() }.joined(separator: " ")
    }

    /// The exact bytes that the event's hash covers: every field except the hash itself, each
    /// length-prefixed so that no two different events can produce the same text. The patients
    /// shown come last and only when there are any, so events written before they were recorded
    /// keep their hashes (a different number of length-prefixed fields is a different text).
    public var canonicalContent: String {
        var fields: [String?] = [
            id.uuidString.lowercased(), String(sequence), Instant.format(occurredAt),
            userID?.uuidString.lowercased(), role?.rawValue, address, sessionID?.uuidString.lowercased(),
            action.rawValue, outcome.rawValue, patientID?.uuidString.lowercased(),
            resourceType, resourceID, detail, previousHash,
        ]
        if let shown = patientsShownText { fields.append(shown) }
        // Tagged, so a site can never read as a list of patients shown; absent on older events.
        if let siteID { fields.append("site=\(siteID.uuidString.lowercased())") }
        return fields.map { field in
            guard let field else { return "-;" }
            return "\(field.utf8.count):\(field);"
        }.joined()
    }
}
