/// The C-SSRS screener's triage (clinical reference §4; Posner et al. 2011): a yes to question 4 or
/// 5, or suicidal behaviour within the past 3 months, is high risk; a yes to question 3, or
/// behaviour in the lifetime only, is moderate; a yes to question 1 or 2 alone is low.
public enum SuicideRiskTriage {
    /// `answers` in item order 1, 2, 3, 4, 5, 6, 6b; nil for a question the rules skipped.
    public static func assess(_ answers: [Int?]) -> (SuicideRisk, [String]) {
        func yes(_ index: Int) -> Bool { answers[index] == 1 }
        if yes(3) || yes(4) || yes(6) {
            var reasons: [String] = []
            if yes(3) { reasons.append("C-SSRS question 4: suicidal intent in the past month") }
            if yes(4) { reasons.append("C-SSRS question 5: suicidal intent with a specific plan in the past month") }
            if yes(6) { reasons.append("C-SSRS question 6: suicidal behaviour within the past 3 months") }
            return (.high, reasons)
        }
        if yes(2) || yes(5) {
            var reasons: [String] = []
            if yes(2) { reasons.append("C-SSRS question 3: suicidal thoughts with a method in the past month") }
            if yes(5) { reasons.append("C-SSRS question 6: suicidal behaviour in the lifetime, not within 3 months") }
            return (.moderate, reasons)
        }
        if yes(0) || yes(1) {
            return (.low, ["C-SSRS: wish to be dead or non-specific suicidal thoughts in the past month, without method, intent or plan"])
        }
        return (.none, [])
    }
}
