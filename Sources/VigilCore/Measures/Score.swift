import Foundation

/// Something about a completed measure that staff must notice.
public enum MeasureFlag: String, Sendable, Codable, CaseIterable {
    /// A suicidality item above its threshold: raises an urgent alert until a clinician acknowledges it.
    case suicidality
    /// A lesser signal — MADRS item 10 at 2 or 3, a C-SSRS "low" — that raises a review alert, so it
    /// is seen without crying wolf (clinical-safety issue, finding 7).
    case suicidalityReview = "suicidality-review"
    /// MOAA/S 2 or less: sedation needing attention (2 is moderate, below it deep; clinical review
    /// F-M1). The stored name stays "deep-sedation" so that recorded assessments still read.
    case deepSedation = "deep-sedation"
    /// WHO-5 ≤ 50 (clinical reference §4).
    case poorWellBeing = "poor-well-being"
    /// WHO-5 ≤ 28 (clinical reference §4).
    case likelyDepression = "likely-depression"
}

/// C-SSRS screener risk level.
public enum SuicideRisk: String, Sendable, Codable, CaseIterable {
    case none, low, moderate, high
}

/// A scored measure: the total, the band, what needs attention and why.
public struct Score: Sendable, Equatable {
    /// The total as the instrument reports it (WHO-5 already × 4); nil for the C-SSRS screener.
    public var total: Int?
    /// The band, or the C-SSRS risk level; nil where the scale has no bands (CADSS-6).
    public var severity: String?
    public var flags: [MeasureFlag]
    /// Domain scores for domain-maximum scales (QIDS-SR16), by domain name.
    public var domains: [String: Int]
    /// Symptom-group subtotals (Vigil's presentation), for scales that have them.
    public var groups: [SymptomGroup: Int]
    public var risk: SuicideRisk?
    /// Why each flag was raised, in words for the chart and the alert.
    public var reasons: [String]

    public init(total: Int?, severity: String?, flags: [MeasureFlag], domains: [String: Int], groups: [SymptomGroup: Int],
                risk: SuicideRisk?, reasons: [String]) {
        self.total = total
        self.severity = severity
        self.flags = flags
        self.domains = domains
        self.groups = groups
        self.risk = risk
        self.reasons = reasons
    }
}

extension Instrument {
    /// Checks the answers item by item and scores them. Every failure names the item: the wrong
    /// number of answers, a value that is not a whole number, one outside the item's answers, a
    /// skipped item that may not be skipped, or an answer to a question that should have been skipped.
    public func score(_ raw: [RawAnswer], field: String = "answers") throws(ValidationError) -> (answers: [Int?], score: Score) {
        var validator = Validator()
        guard raw.count == items.count else {
            let codes = items.map(\.code).joined(separator: ", ")
            throw ValidationError(field, "must hold \(items.count) answer\(items.count == 1 ? "" : "s"), one per item (\(codes)); got \(raw.count)")
        }
        let skippable = skippableItems(raw)
        var answers: [Int?] = []
        for (index, (item, answer)) in zip(items, raw).enumerated() {
            let name = "\(field)[\(index)]"
            let describe = "item \(item.code) (\(item.label))"
            let allowed = item.answers.map(\.value).sorted()
            let expected = "a whole number from \(allowed.first!) to \(allowed.last!)"
            switch answer {
            case .skipped:
                validator.check(skippable.contains(index), name, "\(describe) must be answered: \(expected)")
                answers.append(nil)
            case .invalid(let what):
                validator.add(name, "\(describe) must be \(expected), not \(what)")
                answers.append(nil)
            case .number(let value):
                guard value.rounded() == value, let whole = Int(exactly: value) else {
                    validator.add(name, "\(describe) must be \(expected), not \(value)")
                    answers.append(nil)
                    continue
                }
                guard item.answer(whole) != nil else {
                    validator.add(name, "\(describe) must be \(expected), not \(whole)")
                    answers.append(nil)
                    continue
                }
                if skippable.contains(index) && whole != 0 {
                    validator.add(name, "\(describe) is skipped by the instrument's rules here (\(skipRule)); leave it empty")
                }
                answers.append(skippable.contains(index) ? nil : whole)
            }
        }
        try validator.finish()
        return (answers, scored(answers))
    }

    /// Items the instrument's own rules skip given the other answers (C-SSRS: 3–5 when 2 is no, 6b when 6 is no).
    private func skippableItems(_ raw: [RawAnswer]) -> Set<Int> {
        guard case .riskTriage = scoring else { return [] }
        var skipped: Set<Int> = []
        if raw[1] == .number(0) { skipped.formUnion([2, 3, 4]) }
        if raw[5] == .number(0) { skipped.insert(6) }
        return skipped
    }

    private var skipRule: String {
        "questions 3–5 follow only a yes to question 2, and 6b only a yes to 6"
    }

    /// Scores answers already checked against the items (nil = skipped by the rules).
    func scored(_ answers: [Int?]) -> Score {
        let values = answers.map { $0 ?? 0 }
        var score = Score(total: nil, severity: nil, flags: [], domains: [:], groups: [:], risk: nil, reasons: [])
        switch scoring {
        case .sum:
            score.total = values.reduce(0, +)
        case .scaledSum(let factor):
            score.total = values.reduce(0, +) * factor
        case .domainMaximum(let domains):
            for domain in domains { score.domains[domain.name] = domain.items.map { values[$0 - 1] }.max() ?? 0 }
            score.total = score.domains.values.reduce(0, +)
        case .riskTriage:
            let (risk, reasons) = SuicideRiskTriage.assess(answers)
            score.risk = risk
            score.severity = risk.rawValue
            score.reasons += reasons
        }
        if let total = score.total { score.severity = band(for: total)?.name }
        for (group, numbers) in symptomGroups { score.groups[group] = groupScore(numbers, values) }
        let (flags, reasons) = MeasureFlags.raised(by: self, values: values, score: score)
        score.flags = flags
        score.reasons += reasons
        return score
    }

    /// A symptom group's subtotal: item values summed, or for domain-maximum scales the domains
    /// whose items lie wholly in the group.
    private func groupScore(_ numbers: [Int], _ values: [Int]) -> Int {
        guard case .domainMaximum(let domains) = scoring else { return numbers.map { values[$0 - 1] }.reduce(0, +) }
        return domains.filter { Set($0.items).isSubset(of: numbers) }.map { $0.items.map { values[$0 - 1] }.max() ?? 0 }.reduce(0, +)
    }
}
