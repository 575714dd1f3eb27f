import Foundation

/// A controlled-substance product as the ledger counts it: what 21 CFR 1304.22(c) asks of every
/// record — drug name, form, strength and units per container (clinical reference §6).
public struct ControlledProduct: Sendable, Equatable, Codable, Identifiable {
    /// What a quantity counts: milligrams of drug (vials) or whole devices (esketamine).
    public enum Unit: String, Sendable, Codable, CaseIterable {
        case mg, device
    }

    public let id: UUID
    public let name: String
    /// The National Drug Code, as printed (10 digits in 4-4-2, 5-3-2 or 5-4-1, or 11 in 5-4-2).
    public let ndc: String
    /// As labelled, e.g. "100 mg/mL" or "28 mg".
    public let strength: String
    /// e.g. "10 mL vial", "nasal spray device".
    public let form: String
    public let unit: Unit
    /// How many units one container holds (1000 mg in a 10 mL vial of 100 mg/mL; 1 device).
    public let unitsPerContainer: Double
    /// For vials: mg in each mL, so balances show both mL and mg.
    public let mgPerMl: Double?
    /// The DEA schedule, "II" to "V"; ketamine and esketamine are III.
    public let schedule: String
    /// A multi-dose vial (ketamine with a preservative) keeps what a dose leaves for the next dose,
    /// until its beyond-use date (28 days after opening unless the maker says otherwise: USP <797>);
    /// a single-dose vial's remainder is wasted at once.
    public let multiDose: Bool

    public init(id: UUID, name: String, ndc: String, strength: String, form: String, unit: Unit, unitsPerContainer: Double,
                mgPerMl: Double?, schedule: String, multiDose: Bool = false) {
        self.id = id
        self.name = name
        self.ndc = ndc
        self.strength = strength
        self.form = form
        self.unit = unit
        self.unitsPerContainer = unitsPerContainer
        self.mgPerMl = mgPerMl
        self.schedule = schedule
        self.multiDose = multiDose
    }

    /// What an opened container of this product may be counted by in a physical inventory: exactly
    /// in Schedule II, by estimate in III–V (21 CFR 1304.11(e)(3)); devices are whole, never opened.
    public var openedCountIsEstimate: Bool { unit == .mg && schedule != "II" }

    /// A quantity in containers (vials or devices).
    public func containers(_ quantity: Double) -> Double { LedgerEntry.rounded(quantity / unitsPerContainer) }

    /// A quantity of a vial product in mL; nil for products without a concentration.
    public func millilitres(_ quantity: Double) -> Double? { mgPerMl.map { LedgerEntry.rounded(quantity / $0) } }

    /// Whether a session by the route draws from this product: devices are esketamine's nasal spray,
    /// milligrams every other route's ketamine.
    public func suits(_ route: TreatmentRoute) -> Bool { (unit == .device) == route.isEsketamine }

    /// A quantity as the ledger shows it: "250 mg (2.5 mL)" or "3 devices".
    public func shown(_ quantity: Double) -> String {
        switch unit {
        case .mg: "\(Dose.formatted(quantity)) mg" + (millilitres(quantity).map { " (\(Dose.formatted($0)) mL)" } ?? "")
        case .device: "\(Dose.formatted(quantity)) device\(quantity == 1 ? "" : "s")"
        }
    }
}

/// A product as a client sends it.
public struct ControlledProductForm: Sendable, Decodable {
    public var name: String?
    public var ndc: String?
    public var strength: String?
    public var form: String?
    public var unit: String?
    public var unitsPerContainer: Double?
    public var mgPerMl: Double?
    public var schedule: String?
    public var multiDose: Bool?

    public init(name: String? = nil, ndc: String? = nil, strength: String? = nil, form: String? = nil, unit: String? = nil,
                unitsPerContainer: Double? = nil, mgPerMl: Double? = nil, schedule: String? = nil, multiDose: Bool? = nil) {
        self.name = name
        self.ndc = ndc
        self.strength = strength
        self.form = form
        self.unit = unit
        self.unitsPerContainer = unitsPerContainer
        self.mgPerMl = mgPerMl
        self.schedule = schedule
        self.multiDose = multiDose
    }

    public func checked() throws(ValidationError) -> ControlledProduct {
        var validator = Validator()
        let name = validator.text(name, "name", max: 200)
        let strength = validator.text(strength, "strength", max: 60)
        let form = validator.text(form, "form", max: 100)
        let unit: ControlledProduct.Unit? = validator.choice(unit, "unit")
        let ndc = ndc?.trimmingCharacters(in: .whitespaces) ?? ""
        let groups = ndc.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
        validator.check([[4, 4, 2], [5, 3, 2], [5, 4, 1], [5, 4, 2]].contains(groups) && ndc.allSatisfy { $0.isNumber || $0 == "-" }, "ndc",
                        "must be an NDC with dashes: 4-4-2, 5-3-2, 5-4-1 or 5-4-2 digits")
        if let count = unitsPerContainer {
            validator.check(count > 0 && count <= 100_000, "unitsPerContainer", "must be above 0 and at most 100000")
        } else {
            validator.add("unitsPerContainer", "is required")
        }
        if unit == .mg {
            validator.check(mgPerMl.map { $0 > 0 && $0 <= 1000 } ?? true, "mgPerMl", "must be above 0 and at most 1000")
        } else {
            validator.check(mgPerMl == nil, "mgPerMl", "is only for products counted in mg")
            validator.check(multiDose != true, "multiDose", "is only for vials: a device is used once")
        }
        validator.check(["II", "III", "IV", "V"].contains(schedule ?? ""), "schedule", "must be II, III, IV or V")
        try validator.finish()
        return ControlledProduct(id: NewID.make(), name: name!, ndc: ndc, strength: strength!, form: form!, unit: unit!,
                                 unitsPerContainer: unitsPerContainer!, mgPerMl: mgPerMl, schedule: schedule!,
                                 multiDose: multiDose ?? false)
    }
}
