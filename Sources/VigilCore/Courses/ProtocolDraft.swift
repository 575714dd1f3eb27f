import Foundation

/// An admin's clinic protocol: a copy of a protocol with its own id and the values the clinic
/// changes. Fields left out keep the copied protocol's value.
public struct ProtocolDraft: Sendable, Decodable {
    public var copyOf: String?
    public var id: String?
    public var name: String?
    public var note: String?
    public var standardDose: Double?
    public var firstDose: Double?
    public var lowestDose: Double?
    public var highestDose: Double?
    public var hardMaximum: Double?
    public var inductionSessions: Int?
    public var inductionPerWeek: Int?
    public var infusionMinutes: Int?
    public var chairMinutes: Int?

    public init(copyOf: String? = nil, id: String? = nil, name: String? = nil, note: String? = nil, standardDose: Double? = nil,
                firstDose: Double? = nil, lowestDose: Double? = nil, highestDose: Double? = nil, hardMaximum: Double? = nil,
                inductionSessions: Int? = nil, inductionPerWeek: Int? = nil, infusionMinutes: Int? = nil, chairMinutes: Int? = nil) {
        self.copyOf = copyOf
        self.id = id
        self.name = name
        self.note = note
        self.standardDose = standardDose
        self.firstDose = firstDose
        self.lowestDose = lowestDose
        self.highestDose = highestDose
        self.hardMaximum = hardMaximum
        self.inductionSessions = inductionSessions
        self.inductionPerWeek = inductionPerWeek
        self.infusionMinutes = infusionMinutes
        self.chairMinutes = chairMinutes
    }

    /// The protocol this draft makes from `base` (the protocol copied, or the clinic protocol's latest
    /// version). Label limits stay: esketamine's 84 mg maximum and 2-hour chair time cannot be raised
    /// or cut, whatever the clinic protocol says.
    public func applied(to base: TreatmentProtocol, builtIn: TreatmentProtocol, newID: String?) throws(ValidationError) -> TreatmentProtocol {
        var validator = Validator()
        var made = base
        if let newID {
            validator.check(newID.wholeMatch(of: /[a-z][a-z0-9-]{2,39}/) != nil, "id", "must be 3 to 40 lower-case letters, digits and hyphens, starting with a letter")
            validator.check(ProtocolLibrary.builtIn(newID) == nil, "id", "\(newID) is a built-in protocol; choose a new id")
            made.id = newID
            made.basedOn = base.reference
        }
        if let name = name?.trimmingCharacters(in: .whitespacesAndNewlines) {
            validator.check((3...120).contains(name.count), "name", "must be 3 to 120 characters")
            made.name = name
        } else if newID != nil {
            validator.add("name", "is required for a new protocol")
        }
        if let note = note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty {
            validator.check(note.count <= 2000, "note", "must be at most 2000 characters")
            made.source = "Clinic protocol based on \(made.basedOn ?? base.reference): \(note). Built-in source: \(builtIn.source)"
        }
        var dosing = made.dosing
        dosing.standard = standardDose ?? dosing.standard
        dosing.firstDose = firstDose ?? dosing.firstDose
        dosing.lowest = lowestDose ?? dosing.lowest
        dosing.highest = highestDose ?? dosing.highest
        dosing.hardMaximum = hardMaximum ?? dosing.hardMaximum
        if hardMaximum != nil { dosing.hardMaximumSource = "clinic setting" }
        if lowestDose != nil || highestDose != nil { dosing.rangeSource = "clinic setting (built-in: \(builtIn.dosing.rangeSource))" }
        let values = [dosing.standard, dosing.lowest, dosing.highest, dosing.hardMaximum] + (dosing.firstDose.map { [$0] } ?? [])
        validator.check(values.allSatisfy { $0.isFinite && $0 > 0 }, "standardDose", "doses must be numbers above zero")
        validator.check(dosing.lowest <= dosing.standard && dosing.standard <= dosing.highest && dosing.highest <= dosing.hardMaximum,
                        "highestDose", "must keep lowest ≤ standard ≤ highest ≤ hard maximum (\(dosing.shown(dosing.lowest)), \(dosing.shown(dosing.standard)), \(dosing.shown(dosing.highest)), \(dosing.shown(dosing.hardMaximum)))")
        // No clinic copy goes above the built-in ceiling, racemic or not: clinic copies had none at all.
        validator.check(dosing.hardMaximum <= builtIn.dosing.hardMaximum, "hardMaximum", "cannot exceed \(builtIn.dosing.shown(builtIn.dosing.hardMaximum)) (\(builtIn.dosing.hardMaximumSource))")
        if builtIn.drug == .esketamine {
            validator.check(values.allSatisfy(dosing.isWholeSteps), "standardDose", "esketamine doses must be whole 28 mg devices")
        }
        made.dosing = dosing
        if let sessions = inductionSessions, let index = made.phases.firstIndex(where: { $0.kind == .induction }) {
            validator.check((1...24).contains(sessions), "inductionSessions", "must be 1 to 24 sessions")
            made.phases[index].sessions = sessions
        }
        if let perWeek = inductionPerWeek, let index = made.phases.firstIndex(where: { $0.kind == .induction }) {
            validator.check((1...3).contains(perWeek) && builtIn.drug != .esketamine, "inductionPerWeek",
                            builtIn.drug == .esketamine ? "esketamine induction follows the label (twice weekly)" : "must be 1 to 3 sessions a week")
            made.phases[index].cadence = .perWeek(perWeek)
            made.phases[index].choices = []
        }
        if let minutes = infusionMinutes {
            // Infusions of 2–100 minutes are reported safe; 40 minutes is conventional (Andrade 2017, clinical reference §1).
            validator.check(made.infusionMinutes != nil, "infusionMinutes", "applies only to infusions")
            validator.check((2...100).contains(minutes), "infusionMinutes", "must be 2 to 100 minutes (the range reported safe, Andrade 2017)")
            made.infusionMinutes = minutes
        }
        if let minutes = chairMinutes {
            validator.check(minutes >= made.minimumChairMinutes && minutes <= 600, "chairMinutes",
                            "must be from \(made.minimumChairMinutes) (the protocol's minimum) to 600 minutes")
            made.chairMinutes = minutes
        }
        try validator.finish()
        return made
    }
}
