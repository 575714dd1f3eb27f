import Foundation

/// One session's dose: mg always, the mg/kg it came from for weight-based routes, and the nasal
/// devices it takes for esketamine.
public struct Dose: Sendable, Equatable, Codable {
    public var mg: Double
    public var mgPerKg: Double?
    public var devices: Int?

    public init(mg: Double, mgPerKg: Double? = nil, devices: Int? = nil) {
        self.mg = mg
        self.mgPerKg = mgPerKg
        self.devices = devices
    }

    /// "35 mg (0.5 mg/kg)", "84 mg — 3 devices".
    public var shown: String {
        var text = "\(Self.formatted(mg)) mg"
        if let mgPerKg { text += " (\(Self.formatted(mgPerKg)) mg/kg)" }
        if let devices { text += " — \(devices) device\(devices == 1 ? "" : "s")" }
        return text
    }

    /// A number with at most two decimals and no trailing zeros: 35, 0.5, 0.25.
    public static func formatted(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.contains("."), text.hasSuffix("0") || text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

extension Dosing {
    /// A calculated dose rounded to the protocol's step. Rounds to the nearest step; an exact half
    /// rounds down, so rounding never makes a dose larger than an equally near alternative.
    public func rounded(_ mg: Double) -> Double {
        let steps = mg / stepMg
        let whole = steps.rounded(.down)
        let fraction = steps - whole
        return (fraction > 0.5 + 1e-9 ? whole + 1 : whole) * stepMg
    }

    /// Whether a dose in mg is a whole number of steps (esketamine: of 28 mg devices).
    public func isWholeSteps(_ mg: Double) -> Bool {
        let steps = mg / stepMg
        return abs(steps - steps.rounded()) < 1e-9
    }

    /// The dose for an amount in the protocol's unit, using `weightKg` for weight-based protocols.
    public func dose(_ amount: Double, weightKg: Double?) -> Dose {
        if isWeightBased, let weightKg {
            return Dose(mg: rounded(amount * weightKg), mgPerKg: amount)
        }
        return Dose(mg: amount, devices: deviceMg.map { Int((amount / $0).rounded()) })
    }

    /// Where an amount stands against the protocol: in range, needing an override, or refused.
    public enum RangeCheck: Sendable, Equatable {
        case inRange
        case needsOverride(String)
        case aboveHardMaximum(String)
    }

    public func check(_ amount: Double) -> RangeCheck {
        if amount > hardMaximum + 1e-9 {
            return .aboveHardMaximum("\(shown(amount)) is above the maximum of \(shown(hardMaximum)) per dose, which cannot be overridden (\(hardMaximumSource))")
        }
        if amount < lowest - 1e-9 || amount > highest + 1e-9 {
            return .needsOverride("\(shown(amount)) is outside the protocol's range of \(shown(lowest))–\(shown(highest)) (\(rangeSource))")
        }
        return .inRange
    }
}
