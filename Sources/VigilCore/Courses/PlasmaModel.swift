import Foundation

/// A two-compartment pharmacokinetic model of racemic ketamine, used to preview the plasma
/// concentration a planned dose gives an average patient. A population estimate for teaching and
/// planning, never a dosing instruction (clinical reference §7).
public struct PlasmaModel: Sendable, Equatable {
    public let name: String
    /// Central volume in litres per kg.
    public let v1PerKg: Double
    /// Rate constants per minute.
    public let k10: Double
    public let k12: Double
    public let k21: Double
    public let source: String

    /// Clements 1981 (BJA 53:27), as in the opentiva package: the best match to depression-dose data
    /// (clinical reference §7).
    public static let clements = PlasmaModel(name: "Clements 1981", v1PerKg: 1.752, k10: 0.0109, k12: 0.0186, k21: 0.0137,
                                             source: "Clements et al., Br J Anaesth 1981;53:27 (parameters from opentiva) — clinical reference §7")

    /// Dissociation is commonly reported at about 100–250 ng/mL (clinical reference §7).
    public static let dissociationBand: ClosedRange<Double> = 100...250

    /// One point of the curve.
    public struct Point: Sendable, Equatable {
        public let minute: Double
        public let ngPerML: Double
    }

    /// The concentration every `step` minutes from the start of dosing to `minutes`, for `doseMg`
    /// run in at a constant rate over `infusionMinutes` (1 minute stands in for a bolus). Integrated
    /// with fourth-order Runge–Kutta at 0.05-minute steps.
    public func simulate(doseMg: Double, weightKg: Double, infusionMinutes: Double, minutes: Double = 240, step: Double = 1) -> [Point] {
        let v1 = v1PerKg * weightKg
        let rate = doseMg / max(infusionMinutes, 1e-6)
        let dt = 0.05
        var central = 0.0, peripheral = 0.0, time = 0.0
        var points = [Point(minute: 0, ngPerML: 0)]
        var nextSample = step
        func derivatives(_ a1: Double, _ a2: Double, _ input: Double) -> (Double, Double) {
            (input - (k10 + k12) * a1 + k21 * a2, k12 * a1 - k21 * a2)
        }
        while time < minutes - 1e-9 {
            // The input is constant over a step, read at its midpoint, so the infusion's end falls on a step boundary.
            let input = time + dt / 2 < infusionMinutes ? rate : 0
            let (d1a, d2a) = derivatives(central, peripheral, input)
            let (d1b, d2b) = derivatives(central + dt / 2 * d1a, peripheral + dt / 2 * d2a, input)
            let (d1c, d2c) = derivatives(central + dt / 2 * d1b, peripheral + dt / 2 * d2b, input)
            let (d1d, d2d) = derivatives(central + dt * d1c, peripheral + dt * d2c, input)
            central += dt / 6 * (d1a + 2 * d1b + 2 * d1c + d1d)
            peripheral += dt / 6 * (d2a + 2 * d2b + 2 * d2c + d2d)
            time += dt
            if time >= nextSample - 1e-9 {
                // mg per litre is µg/mL; × 1000 gives ng/mL.
                points.append(Point(minute: nextSample, ngPerML: central / v1 * 1000))
                nextSample += step
            }
        }
        return points
    }
}

/// The preview shown with an IV or IM plan, with what it is and is not.
public struct PlasmaPreview: Sendable, Equatable {
    public let model: PlasmaModel
    public let doseMg: Double
    public let weightKg: Double
    public let infusionMinutes: Double
    public let points: [PlasmaModel.Point]
    public let caution: [String]

    public var peak: PlasmaModel.Point { points.max { $0.ngPerML < $1.ngPerML }! }

    /// A preview for racemic IV (over the infusion time) and IM doses; nil for other routes, which
    /// the model does not describe. IM is drawn as if given IV over one minute: absorption from
    /// muscle is not in the model, so the real peak is lower and later.
    public static func make(route: TreatmentRoute, doseMg: Double, weightKg: Double, infusionMinutes: Int?) -> PlasmaPreview? {
        let minutes: Double
        var caution = ["A population estimate from the \(PlasmaModel.clements.name) model for an average adult of \(Dose.formatted(weightKg)) kg — not a dosing instruction and not this patient's level."]
        switch route {
        case .ivKetamine:
            minutes = Double(infusionMinutes ?? 40)
        case .imKetamine:
            minutes = 1
            caution.append("IM is drawn as if the dose were given IV over one minute: absorption from muscle is not modelled, so the real peak is lower and later.")
        default:
            return nil
        }
        caution.append("Dissociation is commonly reported at about \(Int(PlasmaModel.dissociationBand.lowerBound))–\(Int(PlasmaModel.dissociationBand.upperBound)) ng/mL (clinical reference §7).")
        return PlasmaPreview(model: .clements, doseMg: doseMg, weightKg: weightKg, infusionMinutes: minutes,
                             points: PlasmaModel.clements.simulate(doseMg: doseMg, weightKg: weightKg, infusionMinutes: minutes), caution: caution)
    }
}
