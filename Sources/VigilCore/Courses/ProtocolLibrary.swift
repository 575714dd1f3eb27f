import Foundation

/// The protocols Vigil ships (clinical reference §1 and §2). They cannot be edited; a clinic copies one.
public enum ProtocolLibrary {
    public static let all: [TreatmentProtocol] = [ivKetamine, esketamineTRD, esketamineMDSI, imKetamine, oralKetamine, sublingualKetamine]

    public static func builtIn(_ id: String) -> TreatmentProtocol? { all.first { $0.id == id } }

    /// Vigil's guard against a slipped decimal point where no source sets a ceiling: twice the top of
    /// the allowed range. It is not a clinical limit; a clinic sets its own in a copy.
    static let doubleTheRange = "Vigil default, not a clinical limit: twice the top of the allowed range, against a slipped decimal point (no source sets a ceiling; set your own in a clinic copy)"

    /// Racemic ketamine 0.5 mg/kg IV over 40 min; induction of 6 infusions (Murrough 2013: 3 a week;
    /// Singh 2016: 2 and 3 a week equally effective) — clinical reference §1.
    public static let ivKetamine = TreatmentProtocol(
        id: "iv-ketamine", name: "IV ketamine infusion", route: .ivKetamine, drug: .ketamine, offLabel: true,
        source: "Sanacora et al., APA consensus, JAMA Psychiatry 2017 (0.5 mg/kg over 40 min); Murrough 2013 and Singh 2016 (6 infusions, 2 or 3 a week) — clinical reference §1",
        // The ceiling was 2.0 mg/kg, an anaesthetic induction dose (Ketalar label: 1–4.5 mg/kg IV);
        // it is now the highest dose studied for depression, and above the range needs a reason
        // (clinical-safety issue, finding 2).
        dosing: Dosing(unit: .mgPerKg, standard: 0.5, lowest: 0.1, highest: 0.75, hardMaximum: 1.0, stepMg: 0.5,
                       rangeSource: "0.1–0.75 mg/kg reported (Andrade 2017); above it, up to 1.0 mg/kg, only with a prescriber's reason",
                       hardMaximumSource: "Fava et al., Mol Psychiatry 2018: dose-ranging to 1.0 mg/kg IV, the highest dose studied for depression; well below the Ketalar label's anaesthetic induction dose (1–4.5 mg/kg)"),
        phases: [SchedulePhase(.induction, sessions: 6, .perWeek(2), choices: [.perWeek(2), .perWeek(3)],
                               note: "6 infusions over 2–3 weeks; 2 and 3 a week equally effective (Singh 2016)")],
        boosterNote: "Boosters as needed: no evidence-based interval, clinics use every 2–6 weeks (Andrade 2017)",
        // Recovery is commonly 30–60 min after a 40-min infusion (clinical reference §1): 40 + 60.
        infusionMinutes: 40, chairMinutes: 100, minimumChairMinutes: 70, minimumDaysApart: 1)

    /// Spravato label for treatment-resistant depression — clinical reference §2.
    public static let esketamineTRD = TreatmentProtocol(
        id: "esketamine-trd", name: "Esketamine nasal spray — treatment-resistant depression", route: .esketamineNasal, drug: .esketamine,
        offLabel: false, source: "Spravato (esketamine) US label: dosing for treatment-resistant depression — clinical reference §2",
        dosing: Dosing(unit: .mg, standard: 56, firstDose: 56, lowest: 56, highest: 84, hardMaximum: 84, stepMg: 28, deviceMg: 28,
                       rangeSource: "label: day 1 56 mg, then 56 or 84 mg (28 mg needs an override, e.g. the EU start at 65 or over)",
                       hardMaximumSource: "label: 84 mg is the highest labelled dose"),
        phases: [SchedulePhase(.induction, sessions: 8, .perWeek(2), note: "weeks 1–4: twice weekly, day 1 56 mg, then 56 or 84 mg"),
                 SchedulePhase(.maintenance, sessions: 4, .perWeek(1), note: "weeks 5–8: 56 or 84 mg once weekly"),
                 SchedulePhase(.maintenance, sessions: nil, .everyDays(7), choices: [.everyDays(7), .everyDays(14)],
                               note: "week 9 on: every 2 weeks or weekly, the least frequent that keeps the response")],
        // At least 2 hours' monitoring (label, REMS) plus time to settle and give the devices 5 min apart.
        chairMinutes: 135, minimumChairMinutes: 120, minimumDaysApart: 2)

    /// Spravato label for depression with acute suicidal ideation or behaviour — clinical reference §2.
    public static let esketamineMDSI = TreatmentProtocol(
        id: "esketamine-mdsi", name: "Esketamine nasal spray — depression with acute suicidal ideation", route: .esketamineNasal,
        drug: .esketamine, offLabel: false,
        source: "Spravato (esketamine) US label: 84 mg twice weekly for 4 weeks, may reduce to 56 mg; beyond 4 weeks not studied — clinical reference §2",
        dosing: Dosing(unit: .mg, standard: 84, lowest: 56, highest: 84, hardMaximum: 84, stepMg: 28, deviceMg: 28,
                       rangeSource: "label: 84 mg, may reduce to 56 mg", hardMaximumSource: "label: 84 mg is the highest labelled dose"),
        phases: [SchedulePhase(.induction, sessions: 8, .perWeek(2), note: "4 weeks twice weekly; use beyond 4 weeks has not been studied")],
        chairMinutes: 135, minimumChairMinutes: 120, minimumDaysApart: 2)

    /// IM racemic ketamine: 0.25 and 0.5 mg/kg comparable to 0.5 mg/kg IV (Chilukuri 2014) — clinical reference §1.
    public static let imKetamine = TreatmentProtocol(
        id: "im-ketamine", name: "IM ketamine", route: .imKetamine, drug: .ketamine, offLabel: true,
        source: "Chilukuri et al. 2014 (0.25 and 0.5 mg/kg IM, n = 27); induction as for IV (clinic practice) — clinical reference §1",
        dosing: Dosing(unit: .mgPerKg, standard: 0.5, lowest: 0.25, highest: 0.5, hardMaximum: 1.0, stepMg: 0.5,
                       rangeSource: "0.25–0.5 mg/kg IM (Chilukuri 2014)",
                       hardMaximumSource: "twice the highest IM dose studied (0.5 mg/kg, Chilukuri 2014); far below the Ketalar label's IM anaesthetic dose (6.5–13 mg/kg)"),
        phases: [SchedulePhase(.induction, sessions: 6, .perWeek(2), choices: [.perWeek(2), .perWeek(3)],
                               note: "clinic induction: 6 sessions over 2–3 weeks, as for IV")],
        boosterNote: "Boosters as needed, as for IV (Andrade 2017: no evidence-based interval)",
        chairMinutes: 90, minimumChairMinutes: 60, minimumDaysApart: 1)

    /// Oral racemic ketamine, clinic-defined doses: case series start 50 mg every 3 days with 25 mg
    /// steps; ~2.0–2.5 mg/kg oral ≈ 0.5 mg/kg IV (clinical reference §1).
    public static let oralKetamine = TreatmentProtocol(
        id: "oral-ketamine", name: "Oral ketamine (clinic-defined)", route: .oralKetamine, drug: .ketamine, offLabel: true,
        source: "Case series: start 50 mg every 3 days, +25 mg steps; oral bioavailability ~8–25 % — clinical reference §1. Off-label; set your clinic's own doses in a copy",
        dosing: Dosing(unit: .mg, standard: 50, lowest: 25, highest: 175, hardMaximum: 350, stepMg: 0.5,
                       rangeSource: "from one 25 mg step below the 50 mg start to 2.5 mg/kg at 70 kg (≈ 0.5 mg/kg IV)",
                       hardMaximumSource: doubleTheRange),
        phases: [SchedulePhase(.induction, sessions: 6, .everyDays(3), note: "case series: every 3 days")],
        boosterNote: "Boosters as needed, as for IV (Andrade 2017: no evidence-based interval)",
        chairMinutes: 120, minimumChairMinutes: 60, minimumDaysApart: 1)

    /// Sublingual racemic ketamine, clinic-defined doses: low-dose regimens such as 10 mg every 2–3
    /// days or weekly; bioavailability ~30 % (clinical reference §1).
    public static let sublingualKetamine = TreatmentProtocol(
        id: "sublingual-ketamine", name: "Sublingual ketamine (clinic-defined)", route: .sublingualKetamine, drug: .ketamine, offLabel: true,
        source: "Low-dose regimens, e.g. 10 mg every 2–3 days or weekly; bioavailability ~30 % — clinical reference §1. Off-label; set your clinic's own doses in a copy",
        dosing: Dosing(unit: .mg, standard: 10, lowest: 10, highest: 115, hardMaximum: 230, stepMg: 0.5,
                       rangeSource: "from the 10 mg low-dose regimen to ≈ 0.5 mg/kg IV at 70 kg (35 mg at ~30 % bioavailability)",
                       hardMaximumSource: doubleTheRange),
        phases: [SchedulePhase(.induction, sessions: 6, .everyDays(3), note: "e.g. every 2–3 days")],
        boosterNote: "Boosters as the clinic decides (low-dose regimens run every 2–3 days or weekly)",
        chairMinutes: 120, minimumChairMinutes: 60, minimumDaysApart: 1)
}
