import Foundation

/// A prescriber's order for the dose of a course from one session on, with the weight it used and
/// the reason. Orders are never changed: a new order supersedes the old one from its session on.
public struct DoseOrder: Sendable, Equatable {
    public let id: UUID
    public let courseID: UUID
    public let fromSession: Int
    /// The ordered amount in the protocol's unit (mg/kg or mg).
    public let amount: Double
    public let dose: Dose
    public let weight: Weight?
    public let reason: String
    /// Why a dose outside the protocol's range was ordered; nil when in range.
    public let overrideReason: String?
    public let orderedBy: UUID?
    public let orderedByName: String
    public let orderedAt: Date

    public init(id: UUID, courseID: UUID, fromSession: Int, amount: Double, dose: Dose, weight: Weight?, reason: String,
                overrideReason: String?, orderedBy: UUID?, orderedByName: String, orderedAt: Date) {
        self.id = id
        self.courseID = courseID
        self.fromSession = fromSession
        self.amount = amount
        self.dose = dose
        self.weight = weight
        self.reason = reason
        self.overrideReason = overrideReason
        self.orderedBy = orderedBy
        self.orderedByName = orderedByName
        self.orderedAt = orderedAt
    }

    /// A weight-based dose needs a weight measured in the last 30 days (issue 5), so a dose is never
    /// calculated from a weight the patient no longer has.
    public static let weightValidDays = 30

    /// An order as checked, ready to store.
    public struct Checked: Sendable, Equatable {
        public let amount: Double
        public let dose: Dose
        public let weight: Weight?
        public let overrideReason: String?
    }

    /// Checks an amount ordered from `fromSession` on against the protocol: the unit it doses in, a
    /// recent weight for weight-based doses, whole devices, the range (outside it only with an
    /// override reason), the hard maximum, and the label's first dose for session 1 (esketamine:
    /// day 1 is 56 mg; another needs the reason too — an order "from session 1" made day 1 84 mg
    /// with no override, clinical review).
    public static func checked(doseMgPerKg: Double?, doseMg: Double?, overrideReason: String?, dosing: Dosing,
                               weight: Weight?, today: CalendarDate, fromSession: Int, fallback: Double? = nil) throws(ValidationError) -> Checked {
        var validator = Validator()
        let field = dosing.isWeightBased ? "doseMgPerKg" : "doseMg"
        let given = dosing.isWeightBased ? doseMgPerKg : doseMg
        if dosing.isWeightBased, doseMg != nil {
            validator.add("doseMg", "this protocol doses by weight; give doseMgPerKg")
        } else if !dosing.isWeightBased, doseMgPerKg != nil {
            validator.add("doseMgPerKg", "this protocol doses in mg; give doseMg")
        }
        let override = overrideReason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        guard let amount = given ?? fallback, amount.isFinite, amount > 0 else {
            validator.add(field, given == nil ? "is required" : "must be a number above zero")
            try validator.finish()
            throw ValidationError(field, "is required")
        }
        if dosing.isWeightBased {
            if let weight {
                let age = weight.measuredOn.days(to: today)
                validator.check(age <= weightValidDays, "weight",
                                "was last measured on \(weight.measuredOn) (\(age) days ago); a weight-based dose needs a weight from the last \(weightValidDays) days — record today's weight first")
            } else {
                validator.add("weight", "has never been recorded; a weight-based dose needs a weight from the last \(weightValidDays) days")
            }
        } else if !dosing.isWholeSteps(amount) {
            validator.add(field, dosing.deviceMg != nil
                          ? "\(Dose.formatted(amount)) mg is not a whole number of \(Dose.formatted(dosing.stepMg)) mg devices"
                          : "must be given in steps of \(Dose.formatted(dosing.stepMg)) mg")
        }
        let firstDose = fromSession == 1 ? dosing.firstDose.flatMap { abs(amount - $0) > 0.001 ? $0 : nil } : nil
        var needsOverride: String?
        switch dosing.check(amount) {
        case .inRange:
            needsOverride = firstDose.map { "session 1 is the label's first dose of \(dosing.shown($0)), not \(dosing.shown(amount))" }
        case .aboveHardMaximum(let reason):
            validator.add(field, reason)
        case .needsOverride(let reason):
            needsOverride = reason
        }
        if let needsOverride {
            if let override {
                validator.check(override.count >= 5 && override.count <= 1000, "overrideReason", "must be 5 to 1000 characters")
            } else {
                validator.add("overrideReason", "\(needsOverride); a prescriber must give the reason for overriding it")
            }
        }
        try validator.finish()
        let inRange = needsOverride == nil
        return Checked(amount: amount, dose: dosing.dose(amount, weightKg: weight?.kg), weight: dosing.isWeightBased ? weight : nil,
                       overrideReason: inRange ? nil : override)
    }
}
