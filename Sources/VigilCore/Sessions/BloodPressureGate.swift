import Foundation

/// The pre-dose blood-pressure gate (esketamine label §2; thresholds are `SessionRule`s).
public enum BloodPressureBand: String, Sendable, Codable {
    /// At or below the caution thresholds (label: the concern starts above 140/90).
    case ok
    /// Above 140 systolic or above 90 diastolic: dosing needs a prescriber's acknowledgement.
    case caution
    /// At or above 180 systolic or 110 diastolic: no dose today; reschedule.
    case hold

    public static func of(systolic: Int, diastolic: Int, rules: SessionRules) -> BloodPressureBand {
        if systolic >= rules[.holdSystolicAtLeast] || diastolic >= rules[.holdDiastolicAtLeast] { return .hold }
        if systolic > rules[.cautionSystolicAbove] || diastolic > rules[.cautionDiastolicAbove] { return .caution }
        return .ok
    }

    /// Why, in the words a prescriber reads on the readiness panel.
    public static func reason(_ vitals: VitalSigns, rules: SessionRules) -> String? {
        switch of(systolic: vitals.systolic, diastolic: vitals.diastolic, rules: rules) {
        case .ok: nil
        case .caution:
            "Pre-dose BP \(vitals.bloodPressure) is above \(rules[.cautionSystolicAbove])/\(rules[.cautionDiastolicAbove]): weigh the transient rise against the benefit and consider delaying (esketamine label); a prescriber must acknowledge before dosing."
        case .hold:
            "Pre-dose BP \(vitals.bloodPressure) is at or above \(rules[.holdSystolicAtLeast])/\(rules[.holdDiastolicAtLeast]): do not dose today; recheck after rest or reschedule."
        }
    }
}

/// Something in a set of vitals that needs a clinician at the chair now.
public struct SessionAlert: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case bloodPressure = "blood-pressure", heartRate = "heart-rate", oxygen, sedation
        case respiratoryRate = "respiratory-rate", bloodPressureRise = "blood-pressure-rise"
    }

    public let kind: Kind
    public let message: String
    public let at: Date

    /// The alerts a reading raises against the clinic's thresholds.
    public static func raised(by vitals: VitalSigns, rules: SessionRules) -> [SessionAlert] {
        var alerts: [SessionAlert] = []
        if vitals.systolic >= rules[.alertSystolicAtLeast] || vitals.diastolic >= rules[.alertDiastolicAtLeast] {
            alerts.append(SessionAlert(kind: .bloodPressure, at: vitals.takenAt,
                                       message: "BP \(vitals.bloodPressure) is at or above \(rules[.alertSystolicAtLeast])/\(rules[.alertDiastolicAtLeast])"))
        }
        if vitals.systolic < rules[.alertSystolicBelow] {
            alerts.append(SessionAlert(kind: .bloodPressure, at: vitals.takenAt,
                                       message: "BP \(vitals.bloodPressure) is low: systolic below \(rules[.alertSystolicBelow])"))
        }
        if vitals.heartRate > rules[.alertHeartRateAbove] {
            alerts.append(SessionAlert(kind: .heartRate, at: vitals.takenAt, message: "Heart rate \(vitals.heartRate) is above \(rules[.alertHeartRateAbove])"))
        }
        if vitals.heartRate < rules[.alertHeartRateBelow] {
            alerts.append(SessionAlert(kind: .heartRate, at: vitals.takenAt, message: "Heart rate \(vitals.heartRate) is below \(rules[.alertHeartRateBelow])"))
        }
        if let rate = vitals.respiratoryRate, rate < rules[.alertRespiratoryRateBelow] {
            alerts.append(SessionAlert(kind: .respiratoryRate, at: vitals.takenAt,
                                       message: "Respiratory rate \(rate)/min is below \(rules[.alertRespiratoryRateBelow]) — check airway and breathing"))
        }
        if vitals.spo2 < rules[.alertSpo2Below] {
            alerts.append(SessionAlert(kind: .oxygen, at: vitals.takenAt, message: "SpO2 \(vitals.spo2) % is below \(rules[.alertSpo2Below]) %"))
        }
        if let sedation = vitals.sedation, sedation <= rules[.alertSedationAtMost] {
            alerts.append(SessionAlert(kind: .sedation, at: vitals.takenAt,
                                       message: "MOAA/S \(sedation): sedation at or below \(rules[.alertSedationAtMost]) — check airway and breathing"))
        }
        return alerts
    }

    /// Whether a reading's systolic is more than the clinic's percentage above the patient's own
    /// pre-dose systolic (`SessionRule.baselineBloodPressurePercent`; PADSS, Chung 1995).
    public static func isAboveBaseline(_ reading: VitalSigns, baseline: VitalSigns, rules: SessionRules) -> Bool {
        Double(reading.systolic) > Double(baseline.systolic) * (1 + Double(rules[.baselineBloodPressurePercent]) / 100)
    }

    /// A sustained rise: the last two readings after the dose both above the baseline limit.
    public static func rise(after baseline: VitalSigns?, _ readings: [VitalSigns], rules: SessionRules) -> SessionAlert? {
        guard let baseline, readings.count >= 2, let last = readings.last,
              readings.suffix(2).allSatisfy({ isAboveBaseline($0, baseline: baseline, rules: rules) }) else { return nil }
        return SessionAlert(kind: .bloodPressureRise, at: last.takenAt,
                            message: "BP rising: systolic \(last.systolic) is more than \(rules[.baselineBloodPressurePercent]) % above the pre-dose \(baseline.systolic), twice in a row")
    }

    init(kind: Kind, at: Date, message: String) {
        self.kind = kind
        self.message = message
        self.at = at
    }
}
