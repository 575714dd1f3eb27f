extension Instrument {
    /// Columbia Suicide Severity Rating Scale, screener (Posner et al. 2011, Am J Psychiatry
    /// 168:1266). Six yes/no questions: 1–5 about the past month, 6 about suicidal behaviour in the
    /// lifetime, with 6b asking whether it was within the past 3 months. Questions 3–5 are skipped when
    /// question 2 is no. Triage per clinical reference §4 (see `SuicideRiskTriage`). Licence to be
    /// checked: Vigil stores the answers with short labels, not the wording.
    static let cssrsScreen = Instrument(
        id: .cssrsScreen, version: "1", name: "C-SSRS screener", title: "Columbia Suicide Severity Rating Scale — screener",
        prompt: nil, rater: .clinician,
        items: [
            ("1", "Wish to be dead (past month)"), ("2", "Non-specific active suicidal thoughts (past month)"),
            ("3", "Suicidal thoughts with method, without intent (past month)"), ("4", "Suicidal intent without specific plan (past month)"),
            ("5", "Suicidal intent with specific plan (past month)"), ("6", "Suicidal behaviour (lifetime)"),
            ("6b", "Suicidal behaviour within the past 3 months"),
        ].map { Item($0.0, $0.1, answers: [Answer(0, "No"), Answer(1, "Yes")]) },
        scoring: .riskTriage, totalRange: nil,
        bands: [],
        source: "Posner K, Brown GK, Stanley B, et al. Am J Psychiatry 2011;168:1266-77; screener triage per clinical reference §4.")
}
