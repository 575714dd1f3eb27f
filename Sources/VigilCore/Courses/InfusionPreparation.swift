import Foundation

/// What a nurse draws up for a dose: the volume from the vial, and for an infusion the bag it goes
/// into, the final concentration and the pump rate.
public struct InfusionPreparation: Sendable, Equatable {
    public let doseMg: Double
    public let vialMgPerML: Double
    /// Volume to draw, to the 0.01 mL a 1 mL syringe measures.
    public let drawML: Double
    /// The diluent bag; nil for an undiluted injection (IM).
    public let bagML: Double?
    /// Bag plus drug, and the concentration in it.
    public let totalML: Double?
    public let finalMgPerML: Double?
    public let infusionMinutes: Int?
    /// The pump rate that runs the whole volume in over the infusion time, to 0.1 mL/h.
    public let pumpMLPerHour: Double?

    /// Ketamine HCl comes as 10, 50 and 100 mg/mL vials (Ketalar label).
    public static let vialStrengths: [Double] = [10, 50, 100]

    /// Checks and calculates. An infusion needs a bag: the 100 mg/mL vial must be diluted before IV
    /// use (Ketalar label, clinical reference §1), and Vigil plans every infusion as a diluted bag.
    public static func calculate(doseMg: Double, vialMgPerML: Double?, bagML: Double?, infusionMinutes: Int?) throws(ValidationError) -> InfusionPreparation {
        var validator = Validator()
        let vial = vialMgPerML ?? 0
        validator.check(vialStrengths.contains(vial), "vialMgPerMl", "must be one of \(vialStrengths.map { Dose.formatted($0) }.joined(separator: ", ")) mg/mL")
        if infusionMinutes != nil {
            validator.check(bagML.map { (20...1000).contains($0) } ?? false, "bagMl",
                            "must be the diluent bag's volume, 20 to 1000 mL (an infusion is always diluted)")
        } else {
            validator.check(bagML == nil, "bagMl", "applies only to infusions")
        }
        try validator.finish()
        let draw = (doseMg / vial * 100).rounded() / 100
        let total = bagML.map { $0 + draw }
        var pump: Double?
        if let total, let infusionMinutes { pump = (total / Double(infusionMinutes) * 60 * 10).rounded() / 10 }
        return InfusionPreparation(
            doseMg: doseMg, vialMgPerML: vial, drawML: draw, bagML: bagML, totalML: total,
            finalMgPerML: total.map { doseMg / $0 }, infusionMinutes: infusionMinutes,
            pumpMLPerHour: pump)
    }

    /// The steps in words, as the nurse reads them.
    public var steps: [String] {
        var steps = ["Draw \(Dose.formatted(drawML)) mL from the \(Dose.formatted(vialMgPerML)) mg/mL vial (\(Dose.formatted(doseMg)) mg)."]
        if let bagML, let totalML, let finalMgPerML, let infusionMinutes, let pumpMLPerHour {
            steps.append("Add it to a \(Dose.formatted(bagML)) mL bag: \(Dose.formatted(totalML)) mL at \(String(format: "%.3f", finalMgPerML)) mg/mL.")
            steps.append("Run at \(Dose.formatted(pumpMLPerHour)) mL/h over \(infusionMinutes) minutes.")
        }
        return steps
    }
}
