/// The rules that flag a scored measure, each with its source.
enum MeasureFlags {
    static func raised(by instrument: Instrument, values: [Int], score: Score) -> ([MeasureFlag], [String]) {
        var flags: [MeasureFlag] = []
        var reasons: [String] = []
        func answerLabel(_ number: Int) -> String {
            let item = instrument.items[number - 1]
            return item.answer(values[number - 1]).map { "\(values[number - 1]) (\($0.label))" } ?? String(values[number - 1])
        }
        switch instrument.id {
        case .phq9 where values[8] > 0:
            // PHQ-9 item 9 > 0 → suicide-risk follow-up (Kroenke 2001; clinical reference §4).
            flags.append(.suicidality)
            reasons.append("PHQ-9 item 9 (thoughts of death or self-harm) answered \(answerLabel(9))")
        case .qidsSR16 where values[11] > 0:
            // QIDS-SR16 item 12, thoughts of death or suicide, above 0 (issue 4; Rush 2003).
            flags.append(.suicidality)
            reasons.append("QIDS-SR16 item 12 (thoughts of death or suicide) scored \(values[11])")
        case .madrs where values[9] >= 4:
            // MADRS item 10, suicidal thoughts, at 4 or more (issue 4; item 10 per clinical reference §4).
            flags.append(.suicidality)
            reasons.append("MADRS item 10 (suicidal thoughts) scored \(values[9])")
        case .cssrsScreen where score.risk == .moderate || score.risk == .high:
            flags.append(.suicidality)
            reasons.append("C-SSRS screener risk \(score.risk!.rawValue)")
        case .moaas where values[0] <= 2:
            // MOAA/S ≤ 2 is deep sedation (clinical reference §4).
            flags.append(.deepSedation)
            reasons.append("MOAA/S \(answerLabel(1)): deep sedation")
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
