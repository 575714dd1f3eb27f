import Foundation

/// A lot's entries and what they come to: the book balance, with corrected entries replaced by
/// their corrections.
public struct LedgerBook: Sendable {
    public let entries: [LedgerEntry]

    public init(entries: [LedgerEntry]) {
        self.entries = entries.sorted { $0.sequence < $1.sequence }
    }

    /// Entries that count: those no later entry corrects.
    public var effective: [LedgerEntry] {
        let corrected = Set(entries.compactMap(\.corrects))
        return entries.filter { !corrected.contains($0.id) }
    }

    public var balance: Double { LedgerEntry.rounded(effective.reduce(0) { $0 + $1.change }) }

    /// The balance with a new entry in place (replacing the one it corrects).
    public func balance(adding change: Double, correcting id: UUID?) -> Double {
        let replaced = id.flatMap { id in effective.first { $0.id == id } }?.change ?? 0
        return LedgerEntry.rounded(balance - replaced + change)
    }
}

/// A witness as the storage found them: who they are and whether their password matched just now.
public struct WitnessConfirmation: Sendable {
    public let id: UUID
    public let name: String
    public let active: Bool
    public let role: Role
    public let passwordMatched: Bool

    public init(id: UUID, name: String, active: Bool, role: Role, passwordMatched: Bool) {
        self.id = id
        self.name = name
        self.active = active
        self.role = role
        self.passwordMatched = passwordMatched
    }

    /// No account with that email and password (or one locked out).
    public static var refused: WitnessConfirmation { WitnessConfirmation(id: NewID.make(), name: "", active: false, role: .frontDesk, passwordMatched: false) }
}

/// What a session recorded, for matching an administration entry against it.
public struct SessionDose: Sendable {
    public let sessionID: UUID
    public let patientID: UUID
    public let doseMg: Double
    public let devices: Int
    public let route: TreatmentRoute
    /// The clinician who gave the dose — the record's "administered by", whoever typed it (21 CFR 1304.22(c)).
    public let administeredBy: Appointment.StaffMember

    public init(sessionID: UUID, patientID: UUID, doseMg: Double, devices: Int, route: TreatmentRoute, administeredBy: Appointment.StaffMember) {
        self.sessionID = sessionID
        self.patientID = patientID
        self.doseMg = doseMg
        self.devices = devices
        self.route = route
        self.administeredBy = administeredBy
    }

    /// What a session recorded, once its dose is given.
    public init?(_ session: DosingSession) {
        guard let given = session.administration else { return nil }
        self.init(sessionID: session.id, patientID: session.patientID, doseMg: given.doseMg, devices: given.devices.count, route: session.route,
                  administeredBy: given.administeredBy)
    }

    /// The quantity the ledger draws for it from a product: devices, or mg.
    public func quantity(of product: ControlledProduct) -> Double { product.unit == .device ? Double(devices) : doseMg }

    /// What is left of the last single-dose vial opened for the dose: to waste at once (nil when the
    /// dose used whole vials, for devices, and for a multi-dose vial, whose remainder stays in stock
    /// for the next dose until its beyond-use date — USP <797>; it is wasted when discarded).
    public func remainder(of product: ControlledProduct) -> Double? {
        guard product.unit == .mg, !product.multiDose else { return nil }
        let used = doseMg.truncatingRemainder(dividingBy: product.unitsPerContainer)
        return used > 0 ? LedgerEntry.rounded(product.unitsPerContainer - used) : nil
    }
}

/// A ledger entry as a client sends it; witnesses confirm with their own email and password.
public struct LedgerEntryForm: Sendable, Decodable {
    public struct WitnessCredentials: Sendable, Decodable {
        public var email: String?
        public var password: String?

        public init(email: String?, password: String?) {
            self.email = email
            self.password = password
        }
    }

    public var type: String?
    public var lotId: String?
    public var quantity: Double?
    public var sessionId: String?
    public var patientId: String?
    /// One witness (waste), or several (`witnesses`, destruction's two).
    public var witness: WitnessCredentials?
    public var witnesses: [WitnessCredentials]?
    public var note: String?
    public var corrects: String?
    /// When it happened (default now); for a loss or theft, when it was discovered.
    public var occurredAt: String?

    public init(type: String? = nil, lotId: String? = nil, quantity: Double? = nil, sessionId: String? = nil, patientId: String? = nil,
                witness: WitnessCredentials? = nil, witnesses: [WitnessCredentials]? = nil, note: String? = nil, corrects: String? = nil,
                occurredAt: String? = nil) {
        self.type = type
        self.lotId = lotId
        self.quantity = quantity
        self.sessionId = sessionId
        self.patientId = patientId
        self.witness = witness
        self.witnesses = witnesses
        self.note = note
        self.corrects = corrects
        self.occurredAt = occurredAt
    }

    public var allWitnesses: [WitnessCredentials] { (witness.map { [$0] } ?? []) + (witnesses ?? []) }

    /// The answer to every witness who cannot confirm, whatever the reason.
    public static let witnessRefused = "email or password is not right, or the account may not witness"

    /// The fields that need no lookup: type, lot, quantity, ids, time. The rest is checked by `LedgerRules`.
    public struct Parsed: Sendable {
        public let kind: LedgerEntry.Kind
        public let lotID: UUID
        public let quantity: Double
        public let sessionID: UUID?
        public let patientID: UUID?
        public let note: String?
        public let corrects: UUID?
        public let occurredAt: Date

        public init(kind: LedgerEntry.Kind, lotID: UUID, quantity: Double, sessionID: UUID? = nil, patientID: UUID? = nil, note: String? = nil,
                    corrects: UUID? = nil, occurredAt: Date) {
            self.kind = kind
            self.lotID = lotID
            self.quantity = quantity
            self.sessionID = sessionID
            self.patientID = patientID
            self.note = note
            self.corrects = corrects
            self.occurredAt = occurredAt
        }
    }

    public func parsed(now: Date) throws(ValidationError) -> Parsed {
        var validator = Validator()
        let kind: LedgerEntry.Kind? = validator.choice(type, "type")
        let lotID = lotId.flatMap(UUID.init(uuidString:))
        validator.check(lotID != nil, "lotId", "must be a lot's id")
        func id(_ text: String?, _ field: String) -> UUID? {
            guard let text else { return nil }
            let value = UUID(uuidString: text)
            validator.check(value != nil, field, "must be an id")
            return value
        }
        let session = id(sessionId, "sessionId"), patient = id(patientId, "patientId"), corrected = id(corrects, "corrects")
        let note = validator.text(note, "note", max: 1000, required: false)
        // Checked before any password is: each witness costs a bcrypt (hostile-testing issue, defects 2 and 3).
        if let kind {
            let most = kind.witnessesNeeded
            validator.check(allWitnesses.count <= most, most == 0 ? "witness" : "witnesses",
                            most == 0 ? "is only taken for waste, counts and destruction" : "a \(kind.rawValue) entry takes at most \(most)")
        }
        let when = occurredAt.map { Instant.parse($0) } ?? now
        if let when {
            validator.check(when <= now.addingTimeInterval(120), "occurredAt", "is in the future")
        } else {
            validator.add("occurredAt", "must be a date-time such as 2026-11-23T09:40:00Z")
        }
        let amount = quantity.map(LedgerEntry.rounded)
        if let amount, let kind {
            if corrected != nil || kind == .count {
                validator.check(amount >= 0, "quantity", "must be 0 or more")
            } else if kind == .adjustment {
                validator.check(amount != 0, "quantity", "must not be 0: positive adds to the lot, negative takes away")
            } else {
                validator.check(amount > 0, "quantity", "must be above 0")
            }
            validator.check(abs(amount) <= 1_000_000, "quantity", "must be at most 1000000")
        } else if quantity == nil {
            validator.add("quantity", "is required")
        }
        try validator.finish()
        return Parsed(kind: kind!, lotID: lotID!, quantity: amount!, sessionID: session, patientID: patient, note: note, corrects: corrected,
                      occurredAt: when!)
    }
}

/// The ledger's rules, each refusal with its reason.
public enum LedgerRules {
    /// The people an entry names besides its recorder: its witnesses, and for an administration the
    /// clinician who gave the dose.
    public struct People: Sendable, Equatable {
        public let witnesses: [LedgerEntry.Witness]
        public let administeredBy: Appointment.StaffMember?
    }

    /// Checks a parsed entry against its lot, the book, the recorder, the witnesses and any session.
    public static func check(_ entry: LedgerEntryForm.Parsed, lot: StockLot, product: ControlledProduct, book: LedgerBook, recorder: User,
                             witnesses: [WitnessConfirmation], session: SessionDose?, today: CalendarDate) throws -> People {
        var invalid = Validator()
        let kind = entry.kind
        if let corrected = entry.corrects {
            if let original = book.entries.first(where: { $0.id == corrected }) {
                invalid.check(original.kind == kind, "corrects", "names a \(original.kind.rawValue) entry; a correction has the same type")
                invalid.check(book.effective.contains { $0.id == corrected }, "corrects", "was already corrected; correct the latest correction")
            } else {
                invalid.add("corrects", "is not an entry of this lot")
            }
            invalid.check(entry.note != nil, "note", "is required for a correction: what was wrong")
        }
        switch kind {
        case .administration:
            invalid.check(entry.patientID != nil, "patientId", "is required: the record names the patient (21 CFR 1304.22(c))")
            if let session {
                invalid.check(session.patientID == entry.patientID, "sessionId", "is a session of another patient")
                invalid.check(product.suits(session.route), "lotId", "is a lot of \(product.name), which \(session.route.title.lowercased()) sessions do not draw from")
                let recorded = session.quantity(of: product)
                invalid.check(recorded == entry.quantity || entry.note != nil, "note",
                              "is required: the session recorded \(product.shown(recorded)), not \(product.shown(entry.quantity))")
            } else {
                // A dose given outside a session has no order and no monitoring record in Vigil: a
                // prescriber records it, or the entry says whose order it followed and why.
                invalid.check(recorder.role == .prescriber || entry.note != nil, "note",
                              "is required: a dose given outside a session names the prescriber's order and why (or a prescriber records it)")
            }
        case .destruction:
            invalid.check(entry.note != nil, "note", "is required: the manner of destruction (on site, or the reverse distributor's name)")
        case .transfer:
            invalid.check(entry.note != nil, "note", "is required: to whom and where the stock went")
        case .adjustment:
            invalid.check(entry.note != nil, "note", "is required: the reason for the adjustment")
        case .lossOrTheft:
            invalid.check(entry.note != nil, "note", "is required: what was lost or stolen and how it was found")
        case .receipt, .waste, .count:
            break
        }
        if kind != .administration { invalid.check(entry.sessionID == nil, "sessionId", "is only for an administration") }
        // Witnesses: different active clinical users, each confirming with their own password now.
        let needed = kind.witnessesNeeded
        invalid.check(witnesses.count >= needed, "witness",
                      needed == 1 ? (kind == .count ? "is required: a second clinician counts with you and confirms with their password"
                                                    : "is required: a second clinician confirms with their password")
                      : "\(needed) witnesses are required, each confirming with their password")
        for (index, witness) in witnesses.enumerated() {
            let field = witnesses.count == 1 ? "witness" : "witnesses[\(index)]"
            // One answer for every refusal — wrong password, locked, deactivated, or a role that may not
            // witness — so the check cannot tell a guesser which accounts exist or what their password is.
            guard witness.passwordMatched, witness.active, witness.role.may(.documentClinical) else {
                invalid.add(field, LedgerEntryForm.witnessRefused)
                continue
            }
            invalid.check(witness.id != recorder.id, field, "must be someone other than the person recording")
        }
        invalid.check(Set(witnesses.map(\.id)).count == witnesses.count, "witnesses", "must be different people")
        try invalid.finish()

        var conflicts: [FieldError] = []
        if kind == .administration, lot.isExpired(on: today) {
            conflicts.append(FieldError("lotId", "lot \(lot.lotNumber) expired on \(lot.expiresOn); it cannot be administered"))
        }
        let after = book.balance(adding: entry.kind.change(entry.quantity), correcting: entry.corrects)
        if after < 0 {
            conflicts.append(FieldError("quantity", "lot \(lot.lotNumber) holds \(product.shown(book.balance)); this would leave \(product.shown(after))"))
        }
        if !conflicts.isEmpty { throw ConflictError(conflicts) }
        let giver = kind == .administration ? session?.administeredBy ?? Appointment.StaffMember(id: recorder.id, name: recorder.name) : nil
        return People(witnesses: witnesses.map { LedgerEntry.Witness(id: $0.id, name: $0.name) }, administeredBy: giver)
    }
}
