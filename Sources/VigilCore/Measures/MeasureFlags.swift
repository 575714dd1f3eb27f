/// The rules that flag a scored measure, each with its source.
enum MeasureFlags {
    static func raised(by instrument: Instrument, values: [Int], score: Score) -> ([MeasureFlag], [String]) {
        var flags: [MeasureFlag] = []
        var reasons: [String] = []
        func answerLabel(_ number: Int) -> String {
            let item = instrument.items[number - 1]
            let value = values[number - 1]
            return item.answer(value).flatMap { $0.label == String(value) ? nil : "\(value) (\($0.label))" } ?? String(value)
        }
        if let item = instrument.suicidalityItem {
            let code = instrument.items[item.index]
            let answered = "\(instrument.name) item \(code.code) (\(code.label.lowercased())) \(instrument.rater == .patient ? "answered" : "scored") \(answerLabel(item.index + 1))"
            if values[item.index] > item.above {
                flags.append(.suicidality)
                reasons.append(answered)
            } else if let review = item.reviewFrom, values[item.index] >= review {
                flags.append(.suicidalityReview)
                reasons.append("\(answered): review at the next contact")
            }
        }
        switch instrument.id {
        case .cssrsScreen where score.risk == .moderate || score.risk == .high:
            flags.append(.suicidality)
            reasons.append("C-SSRS screener risk \(score.risk!.rawValue)")
        case .cssrsScreen where score.risk == .low:
            // A wish to be dead or non-specific active thoughts: "could also indicate a need for
            // further evaluation" (Columbia C-SSRS triage guidelines; clinical review F-M2).
            flags.append(.suicidalityReview)
            reasons.append("C-SSRS screener risk low (a wish to be dead or non-specific thoughts): review at the next contact")
        case .moaas where values[0] <= 2:
            // MOAA/S ≤ 2 needs attention. 2 (responds to mild prodding) is moderate sedation on the
            // Cohen 2007 mapping, below it deep (clinical review F-M1); the flag's stored name is kept.
            flags.append(.deepSedation)
            reasons.append("MOAA/S \(answerLabel(1)): sedation needing attention (\(values[0] == 2 ? "moderate" : "deep"))")
        case .who5:
            // WHO-5 ≤ 50 poor well-being, ≤ 28 likely depression (clinical reference §4).
            if let total = score.total, total <= 50 {
                flags.append(.poorWellBeing)
                reasons.append("WHO-5 \(total) (50 or less: poor well-being)")
                if total <= 28 {
                    flags.append(.likelyDepression)
                    reasons.append("WHO-5 \(total) (28 or less: likely depression; screen for depression)")
                }
            }
        default:
            break
        }
        return (flags, reasons)
    }
}
