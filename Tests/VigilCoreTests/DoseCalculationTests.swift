import Foundation
import Testing
import VigilCore

@Suite("Dose calculation")
struct DoseCalculationTests {
    static let today = CalendarDate("2026-11-21")!
    static let iv = ProtocolLibrary.ivKetamine.dosing
    static let esketamine = ProtocolLibrary.esketamineTRD.dosing

    func weight(_ kg: Double, daysAgo: Int = 3) -> Weight { Weight(kg: kg, measuredOn: Self.today.adding(days: -daysAgo)) }

    func order(mgPerKg: Double? = nil, mg: Double? = nil, override: String? = nil, dosing: Dosing = iv, weight: Weight? = nil,
               fromSession: Int = 2) throws(ValidationError) -> DoseOrder.Checked {
        try DoseOrder.checked(doseMgPerKg: mgPerKg, doseMg: mg, overrideReason: override, dosing: dosing, weight: weight, today: Self.today,
                              fromSession: fromSession)
    }

    func fields(_ body: () throws -> Void) -> [String] {
        do { try body(); return [] } catch let error as ValidationError { return error.errors.map(\.field) } catch { return ["\(error)"] }
    }

    @Test func weightBasedDosesRoundToHalfMilligramsNeverUpOnAHalf() throws {
        #expect(try order(mgPerKg: 0.5, weight: weight(70)).dose == Dose(mg: 35, mgPerKg: 0.5))
        #expect(try order(mgPerKg: 0.5, weight: weight(70.3)).dose.mg == 35, "35.15 → 35")
        #expect(try order(mgPerKg: 0.5, weight: weight(70.5)).dose.mg == 35, "35.25 is halfway: rounds down")
        #expect(try order(mgPerKg: 0.5, weight: weight(70.7)).dose.mg == 35.5, "35.35 → 35.5")
        #expect(Self.iv.rounded(52.74) == 52.5)
    }

    @Test func aWeightBasedDoseNeedsAWeightFromTheLast30Days() {
        #expect(fields { _ = try order(mgPerKg: 0.5, weight: weight(70, daysAgo: 31)) } == ["weight"])
        #expect(throws: Never.self) { _ = try order(mgPerKg: 0.5, weight: weight(70, daysAgo: 30)) }
        #expect(fields { _ = try order(mgPerKg: 0.5) } == ["weight"])
        #expect(fields { _ = try order(mg: 35, weight: weight(70)) } == ["doseMg", "doseMgPerKg"])
    }

    @Test func esketamineComesInWhole28mgDevices() throws {
        #expect(try order(mg: 56, dosing: Self.esketamine).dose == Dose(mg: 56, devices: 2))
        #expect(try order(mg: 84, dosing: Self.esketamine).dose == Dose(mg: 84, devices: 3))
        #expect(fields { _ = try order(mg: 70, override: "test", dosing: Self.esketamine) } == ["doseMg"])
    }

    @Test func outsideTheRangeNeedsAnOverrideAndTheHardMaximumNeverYields() throws {
        #expect(fields { _ = try order(mgPerKg: 0.9, weight: weight(70)) } == ["overrideReason"])
        let overridden = try order(mgPerKg: 0.9, override: "partial response at 0.75 mg/kg, tolerated well", weight: weight(70))
        #expect(overridden.overrideReason == "partial response at 0.75 mg/kg, tolerated well")
        #expect(overridden.dose.mg == 63)
        #expect(try order(mgPerKg: 0.75, override: "not needed", weight: weight(70)).overrideReason == nil, "in range: no override recorded")
        // The IV ceiling is the highest dose studied for depression (Fava 2018), not the anaesthetic
        // induction dose of 2.0 mg/kg it used to be (clinical-safety issue, finding 2).
        #expect(fields { _ = try order(mgPerKg: 1.2, override: "escalation", weight: weight(70)) } == ["doseMgPerKg"])
        #expect(try order(mgPerKg: 1.0, override: "Fava 2018 dose", weight: weight(70)).dose.mg == 70)
        #expect(fields { _ = try order(mg: 112, override: "more", dosing: Self.esketamine) } == ["doseMg"], "84 mg is the label's maximum")
        #expect(try order(mg: 28, override: "65 or over: EU label starts at 28 mg", dosing: Self.esketamine).dose.devices == 1)
        #expect(fields { _ = try order(mg: 28, dosing: Self.esketamine) } == ["overrideReason"])
        #expect(fields { _ = try order(mgPerKg: -1, weight: weight(70)) } == ["doseMgPerKg"])
    }

    @Test func session1KeepsTheLabelsFirstDoseUnlessAPrescriberSaysWhy() throws {
        let refused = #expect(throws: ValidationError.self) { try order(mg: 84, dosing: Self.esketamine, fromSession: 1) }
        #expect(refused?.errors == [FieldError("overrideReason",
                                               "session 1 is the label's first dose of 56 mg, not 84 mg; a prescriber must give the reason for overriding it")])
        let explained = try order(mg: 84, override: "Tolerated 84 mg on a previous course", dosing: Self.esketamine, fromSession: 1)
        #expect(explained.overrideReason == "Tolerated 84 mg on a previous course", "the reason is kept with the order")
        #expect(try order(mg: 56, dosing: Self.esketamine, fromSession: 1).overrideReason == nil)
        #expect(try order(mg: 84, dosing: Self.esketamine, fromSession: 2).overrideReason == nil)
        #expect(try order(mgPerKg: 0.75, weight: weight(70), fromSession: 1).overrideReason == nil, "IV has no label first dose")
    }

    @Test func infusionVolumeDilutionAndPumpRate() throws {
        let fifty = try InfusionPreparation.calculate(doseMg: 35, vialMgPerML: 50, bagML: 100, infusionMinutes: 40)
        #expect(fifty.drawML == 0.7)
        #expect(abs(fifty.totalML! - 100.7) < 1e-9)
        #expect(abs(fifty.finalMgPerML! - 35 / 100.7) < 1e-9)
        #expect(fifty.pumpMLPerHour == 151.1, "100.7 mL over 40 min = 151.05 mL/h, to 0.1")
        let hundred = try InfusionPreparation.calculate(doseMg: 35, vialMgPerML: 100, bagML: 100, infusionMinutes: 40)
        #expect(hundred.drawML == 0.35)
        #expect(hundred.pumpMLPerHour == 150.5)
        let injection = try InfusionPreparation.calculate(doseMg: 35, vialMgPerML: 100, bagML: nil, infusionMinutes: nil)
        #expect(injection.drawML == 0.35 && injection.pumpMLPerHour == nil && injection.steps.count == 1)
        #expect(throws: ValidationError.self) { _ = try InfusionPreparation.calculate(doseMg: 35, vialMgPerML: 100, bagML: nil, infusionMinutes: 40) }
        #expect(throws: ValidationError.self) { _ = try InfusionPreparation.calculate(doseMg: 35, vialMgPerML: 25, bagML: 100, infusionMinutes: 40) }
    }

    @Test func clementsModelPeaksNear177AtTheEndOfA40MinuteInfusion() {
        let curve = PlasmaModel.clements.simulate(doseMg: 35, weightKg: 70, infusionMinutes: 40)
        let peak = curve.max { $0.ngPerML < $1.ngPerML }!
        #expect(peak.minute == 40)
        #expect(abs(peak.ngPerML - 177) < 3, "reference check value ≈ 177 ng/mL, got \(peak.ngPerML)")
        #expect(curve.last!.minute == 240 && curve.last!.ngPerML < 40, "falls away over four hours")
        let double = PlasmaModel.clements.simulate(doseMg: 70, weightKg: 70, infusionMinutes: 40)
        #expect(abs(double[40].ngPerML - 2 * curve[40].ngPerML) < 1e-6, "linear in dose")
    }
}
