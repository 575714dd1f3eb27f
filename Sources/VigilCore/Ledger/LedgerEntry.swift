import Foundation

/// One line of the controlled-substance ledger: never changed or removed — a mistake is corrected by
/// a new entry that names it — and chained by hash like the audit trail, so an edit made behind
/// Vigil's back is found (21 CFR 1304.21: a continuing record of every receipt and disposal,
/// clinical reference §6).
public struct LedgerEntry: Sendable, Equatable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case receipt, administration, waste, destruction, transfer, count, adjustment
        case lossOrTheft = "loss-or-theft"

        public var title: String {
            switch self {
            case .lossOrTheft: "Loss or theft"
            default: rawValue.capitalized
            }
        }

        /// Why `role` may not record this kind of entry, or nil when it may: an adjustment is made by
        /// an administrator or a prescriber (issue 7); an administration by a clinician, never the
        /// administrator role (clinical-safety issue); other entries by anyone who records the ledger.
        public func refusal(for role: Role) -> String? {
            guard role.may(.recordLedger) else { return "the \(role.title.lowercased()) role does not record ledger entries" }
            if self == .adjustment && ![.admin, .prescriber].contains(role) { return "an adjustment is made by an administrator or a prescriber" }
            if self == .administration && !role.may(.documentClinical) { return "an administration is recorded by the clinician who gave the dose" }
            return nil
        }

        /// How an entry of this kind with `quantity` moves the book balance of its lot: receipts in;
        /// administration, waste, destruction, transfer and loss out; an adjustment by its signed
        /// quantity; a count not at all.
        public func change(_ quantity: Double) -> Double {
            switch self {
            case .receipt, .adjustment: quantity
            case .count: 0
            case .administration, .waste, .destruction, .transfer, .lossOrTheft: -quantity
            }
        }

        /// Witnesses who confirm at that moment: the waste of a remainder and a count (practice: a
        /// second person — a count is blind and made by two; clinic-day issue, finding 8), destruction
        /// of stock (DEA Form 41: two authorised employees) — clinical reference §6.
        public var witnessesNeeded: Int {
            switch self {
            case .waste, .count: 1
            case .destruction: 2
            default: 0
            }
        }
    }

    public struct Witness: Sendable, Equatable, Codable {
        public let id: UUID
        public let name: String

        public init(id: UUID, name: String) {
            self.id = id
            self.name = name
        }
    }

    public let id: UUID
    public let sequence: Int64
    public let kind: Kind
    public let lotID: UUID
    /// In the product's unit; an adjustment's is signed, a count's is what was counted.
    public let quantity: Double
    public let sessionID: UUID?
    public let patientID: UUID?
    /// Who recorded it.
    public let userID: UUID
    public let userName: String
    /// For an administration: the clinician who gave the dose (the session's, or the recorder's
    /// outside a session) — 21 CFR 1304.22(c); nil on entries written before it was kept.
    public let administeredBy: Appointment.StaffMember?
    public let witnesses: [Witness]
    public let note: String?
    /// The entry this one replaces in the balance.
    public let corrects: UUID?
    /// When it happened: the dose, the waste, the count — for a loss or theft, its discovery.
    public let occurredAt: Date
    public let recordedAt: Date
    public let previousHash: String
    public var hash: String

    public init(id: UUID, sequence: Int64, kind: Kind, lotID: UUID, quantity: Double, sessionID: UUID?, patientID: UUID?, userID: UUID,
                userName: String, administeredBy: Appointment.StaffMember?, witnesses: [Witness], note: String?, corrects: UUID?, occurredAt: Date,
                recordedAt: Date, previousHash: String, hash: String = "") {
        self.id = id
        self.sequence = sequence
        self.kind = kind
        self.lotID = lotID
        self.quantity = quantity
        self.sessionID = sessionID
        self.patientID = patientID
        self.userID = userID
        self.userName = userName
        self.administeredBy = administeredBy
        self.witnesses = witnesses
        self.note = note
        self.corrects = corrects
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.previousHash = previousHash
        self.hash = hash
    }

    public static let genesisHash = AuditEvent.genesisHash

    /// How the entry moves the book balance of its lot.
    public var change: Double { kind.change(quantity) }

    /// Every field in a fixed order, instants and numbers in canonical text: what the hash covers.
    /// "Administered by" is appended only when kept, so entries written before it still verify.
    public var canonicalContent: String {
        let people: String = witnesses.map { "\($0.id.uuidString.lowercased()):\($0.name)" }.joined(separator: ",")
        let fields: [String] = [String(sequence), id.uuidString.lowercased(), kind.rawValue, lotID.uuidString.lowercased(), LedgerEntry.canonical(quantity),
                                sessionID?.uuidString.lowercased() ?? "", patientID?.uuidString.lowercased() ?? "", userID.uuidString.lowercased(), userName, people, note ?? "",
                                corrects?.uuidString.lowercased() ?? "", Instant.format(occurredAt), Instant.format(recordedAt), previousHash]
        let giver = administeredBy.map { ["\($0.id.uuidString.lowercased()):\($0.name)"] } ?? []
        return (fields + giver).joined(separator: "\u{1F}")
    }

    /// A quantity as text that reads back to the same number on SQLite and PostgreSQL.
    public static func canonical(_ quantity: Double) -> String { String(format: "%.3f", quantity) }

    /// A quantity at the ledger's precision, a thousandth of a unit.
    public static func rounded(_ quantity: Double) -> Double { (quantity * 1000).rounded() / 1000 }
}
