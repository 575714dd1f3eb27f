/// A number a clinic sets for dosing sessions, with Vigil's default and where the default comes
/// from (clinical reference §1 and §2). The Settings page and `PATCH /api/v1/settings` change them.
public enum SessionRule: String, Sendable, CaseIterable, Codable {
    case cautionSystolicAbove, cautionDiastolicAbove, holdSystolicAtLeast, holdDiastolicAtLeast, preDoseVitalsWithinMinutes
    case alertSystolicAtLeast, alertDiastolicAtLeast, alertHeartRateAbove, alertSpo2Below, alertSedationAtMost
    case alertSystolicBelow, alertHeartRateBelow, alertRespiratoryRateBelow, baselineBloodPressurePercent
    case esketamineFirstVitalsMinutes, esketamineVitalsEveryMinutes, infusionVitalsEveryMinutes, afterDoseVitalsEveryMinutes
    case infusionRecoveryMinutes, imRecoveryMinutes, oralRecoveryMinutes, sublingualRecoveryMinutes
    case dischargeSystolicBelow, dischargeDiastolicBelow, safetyReviewEverySessions

    /// The minimum monitoring after a racemic dose of `route`, before discharge; nil for esketamine,
    /// whose 2 hours from the first device are the label's and no setting.
    public static func recovery(after route: TreatmentRoute) -> SessionRule? {
        switch route {
        case .ivKetamine: .infusionRecoveryMinutes
        case .imKetamine: .imRecoveryMinutes
        case .oralKetamine: .oralRecoveryMinutes
        case .sublingualKetamine: .sublingualRecoveryMinutes
        case .esketamineNasal: nil
        }
    }

    public var defaultValue: Int {
        switch self {
        // Esketamine label: if > 140 systolic or > 90 diastolic, weigh the transient rise, consider delaying (§2).
        case .cautionSystolicAbove: 140
        case .cautionDiastolicAbove: 90
        // Swiss ketamine label: poorly controlled hypertension from a resting 180/100; issue 6 sets the hold at 180/110 (§1).
        case .holdSystolicAtLeast: 180
        case .holdDiastolicAtLeast: 110
        // Esketamine label: assess BP prior to dosing; the clinical review (F-S5) asks for a reading
        // within 30–60 minutes of the dose. Default 30, the strict end; at most 60.
        case .preDoseVitalsWithinMinutes: 30
        // Issue 6 defaults for in-session alerts: BP at or above 180/110, HR above 120, SpO2 below 92 %, MOAA/S 2 or less.
        case .alertSystolicAtLeast: 180
        case .alertDiastolicAtLeast: 110
        case .alertHeartRateAbove: 120
        case .alertSpo2Below: 92
        case .alertSedationAtMost: 2
        // Hypotension: systolic below 90 mmHg, the usual definition (AHA adult ACLS algorithms).
        case .alertSystolicBelow: 90
        // Bradycardia: "typically heart rate < 50/min" (AHA 2020 adult bradycardia algorithm).
        case .alertHeartRateBelow: 50
        // Respiratory depression (a boxed warning of the esketamine label, clinical reference §2): a
        // rate below 10/min is the common nursing trigger (ASPMN guideline on monitoring for sedation
        // and respiratory depression, Jarzyna et al., Pain Manag Nurs 2011;12:118); 8 to 12 allowed.
        case .alertRespiratoryRateBelow: 10
        // PADSS (Chung et al., J Clin Anesth 1995;7:500): vital signs within 20 % of the pre-procedure
        // value before discharge. Also the sustained rise (two readings in a row) that raises an alert.
        case .baselineBloodPressurePercent: 20
        // Esketamine label: reassess BP about 40 minutes after dosing (around Cmax), then as warranted (§2);
        // every 30 minutes through the 2 hours is Vigil's default for "as warranted".
        case .esketamineFirstVitalsMinutes: 40
        case .esketamineVitalsEveryMinutes: 30
        // Dunlop et al. (Emory, 684 infusions): BP every 10 minutes during the infusion, every 15 after (§1).
        case .infusionVitalsEveryMinutes: 10
        case .afterDoseVitalsEveryMinutes: 15
        // Practice: recovery 30–60 minutes after a 40-minute infusion (§1); issue 6 default 30. The
        // infusion's end is its peak, so 30 is also the floor.
        case .infusionRecoveryMinutes: 30
        // IM ketamine peaks about 20 minutes after the injection (Ketalar label, clinical
        // pharmacology); the clinical review (F-S2) asks for at least 60 minutes' observation.
        case .imRecoveryMinutes: 60
        // Sublingual ketamine: median Tmax 0.75 h, range 0.25–1 h (Rolan et al., Br J Clin Pharmacol
        // 2014; PMC4093926); oral is slower still. Default: the 120 minutes the protocols book in
        // the chair; the floor, 60, is past the latest Tmax measured (clinical review F-S2: 60–120).
        case .oralRecoveryMinutes: 120
        case .sublingualRecoveryMinutes: 120
        // The label asks for monitoring "until stable" and names no discharge BP; the often-quoted
        // "< 160/100" has no primary source (§2). Default: below the alert thresholds; a clinic may narrow it.
        case .dischargeSystolicBelow: 180
        case .dischargeDiastolicBelow: 110
        // Issue 6: a periodic safety review every 6 sessions of repeated dosing.
        case .safetyReviewEverySessions: 6
        }
    }

    /// What a clinic may set it to: wide enough for local policy, narrow enough to catch a typo.
    public var allowed: ClosedRange<Int> {
        switch self {
        case .cautionSystolicAbove, .dischargeSystolicBelow: 100...200
        case .cautionDiastolicAbove, .dischargeDiastolicBelow: 60...130
        case .holdSystolicAtLeast, .alertSystolicAtLeast: 120...240
        case .holdDiastolicAtLeast, .alertDiastolicAtLeast: 70...150
        case .preDoseVitalsWithinMinutes: 10...60
        case .alertHeartRateAbove: 80...180
        // Narrowed by the clinical review (F-S4): 80 % and MOAA/S 0 are alarms that come too late.
        case .alertSpo2Below: 88...94
        case .alertSedationAtMost: 2...4
        case .alertSystolicBelow: 80...100
        case .alertHeartRateBelow: 40...60
        case .alertRespiratoryRateBelow: 8...12
        case .baselineBloodPressurePercent: 10...30
        case .esketamineFirstVitalsMinutes: 20...60
        case .esketamineVitalsEveryMinutes: 10...60
        case .infusionVitalsEveryMinutes: 5...30
        case .afterDoseVitalsEveryMinutes: 5...60
        case .infusionRecoveryMinutes: 30...180
        case .imRecoveryMinutes: 60...180
        case .oralRecoveryMinutes, .sublingualRecoveryMinutes: 60...240
        case .safetyReviewEverySessions: 2...24
        }
    }

    public var title: String {
        switch self {
        case .cautionSystolicAbove: "Pre-dose BP caution: systolic above (mmHg)"
        case .cautionDiastolicAbove: "Pre-dose BP caution: diastolic above (mmHg)"
        case .holdSystolicAtLeast: "Pre-dose BP hold: systolic at or above (mmHg)"
        case .holdDiastolicAtLeast: "Pre-dose BP hold: diastolic at or above (mmHg)"
        case .preDoseVitalsWithinMinutes: "Pre-dose vital signs: taken within (minutes before the dose)"
        case .alertSystolicAtLeast: "Alert: systolic at or above (mmHg)"
        case .alertDiastolicAtLeast: "Alert: diastolic at or above (mmHg)"
        case .alertHeartRateAbove: "Alert: heart rate above (/min)"
        case .alertSpo2Below: "Alert: SpO2 below (%)"
        case .alertSedationAtMost: "Alert: MOAA/S at or below"
        case .alertSystolicBelow: "Alert: systolic below (mmHg)"
        case .alertHeartRateBelow: "Alert: heart rate below (/min)"
        case .alertRespiratoryRateBelow: "Alert: respiratory rate below (/min)"
        case .baselineBloodPressurePercent: "Systolic within (%) of the pre-dose reading to leave; a rise beyond it twice in a row alerts"
        case .esketamineFirstVitalsMinutes: "Esketamine: vitals at (minutes after the first device)"
        case .esketamineVitalsEveryMinutes: "Esketamine: then vitals every (minutes)"
        case .infusionVitalsEveryMinutes: "IV: vitals every (minutes) during the infusion"
        case .afterDoseVitalsEveryMinutes: "Vitals every (minutes) after the dose"
        case .infusionRecoveryMinutes: "IV ketamine: minutes after the infusion ends before discharge (at least 30)"
        case .imRecoveryMinutes: "IM ketamine: minutes after the injection before discharge (at least 60)"
        case .oralRecoveryMinutes: "Oral ketamine: minutes after the dose before discharge (at least 60)"
        case .sublingualRecoveryMinutes: "Sublingual ketamine: minutes after the dose before discharge (at least 60)"
        case .dischargeSystolicBelow: "Discharge: systolic below (mmHg)"
        case .dischargeDiastolicBelow: "Discharge: diastolic below (mmHg)"
        case .safetyReviewEverySessions: "Safety review every (sessions)"
        }
    }
}

/// The clinic's session rules: a value for every `SessionRule`, the default where none was set.
public struct SessionRules: Sendable, Equatable, Codable {
    private var values: [SessionRule: Int] = [:]

    public init() {}

    /// Every rule by name with the value in force, defaults included.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: SessionRule.allCases.map { ($0.rawValue, self[$0]) }))
    }

    public init(from decoder: any Decoder) throws {
        let named = try decoder.singleValueContainer().decode([String: Int].self)
        for (name, value) in named { if let rule = SessionRule(rawValue: name) { values[rule] = value } }
    }

    /// The minimum monitoring in minutes after a racemic dose of `route`; nil for esketamine.
    public func recoveryMinutes(after route: TreatmentRoute) -> Int? {
        SessionRule.recovery(after: route).map { self[$0] }
    }

    /// A value stored before a rule's range was narrowed counts as the nearest value in range, so a
    /// floor raised for safety holds for clinics that had set less.
    public subscript(_ rule: SessionRule) -> Int {
        get { min(max(values[rule] ?? rule.defaultValue, rule.allowed.lowerBound), rule.allowed.upperBound) }
        set { values[rule] = newValue }
    }

    /// Applies a change by name, refusing unknown names, values outside a rule's range, and
    /// thresholds that contradict each other (a caution band above the hold).
    public func changed(_ change: [String: Int], into validator: inout Validator) -> SessionRules {
        var result = self
        for (name, value) in change.sorted(by: { $0.key < $1.key }) {
            guard let rule = SessionRule(rawValue: name) else {
                validator.add("sessionRules.\(name)", "is not a session rule (\(SessionRule.allCases.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            guard rule.allowed.contains(value) else {
                validator.add("sessionRules.\(name)", "must be from \(rule.allowed.lowerBound) to \(rule.allowed.upperBound)")
                continue
            }
            result[rule] = value
        }
        validator.check(result[.cautionSystolicAbove] < result[.holdSystolicAtLeast] && result[.cautionDiastolicAbove] < result[.holdDiastolicAtLeast],
                        "sessionRules", "the caution thresholds must be below the hold thresholds")
        return result
    }
}
