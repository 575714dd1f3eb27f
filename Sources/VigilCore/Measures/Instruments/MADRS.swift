extension Instrument {
    /// Montgomery–Åsberg Depression Rating Scale, clinician-rated (Montgomery & Åsberg 1979, Br J
    /// Psychiatry 134:382). Ten items 0–6; bands after Snaith; item 10 is suicidal thoughts. The
    /// remission cut-off is a clinic setting (default ≤ 10; also < 10 or ≤ 12 in use; clinical
    /// reference §4). Item text is not reproduced: labels and scores only.
    static let madrs = Instrument(
        id: .madrs, version: "1", name: "MADRS", title: "Montgomery–Åsberg Depression Rating Scale",
        prompt: nil, rater: .clinician,
        items: [
            "Apparent sadness", "Reported sadness", "Inner tension", "Reduced sleep", "Reduced appetite",
            "Concentration difficulties", "Lassitude", "Inability to feel", "Pessimistic thoughts", "Suicidal thoughts",
        ].enumerated().map { Item(String($0.offset + 1), $0.element, answers: severityAnswers((0...6).map(String.init))) },
        scoring: .sum, totalRange: 0...60,
        bands: [Band("normal", 0...6), Band("mild", 7...19), Band("moderate", 20...34), Band("severe", 35...60)],
        moderateFrom: 20, remissionAtMost: 10,
        source: "Montgomery SA, Åsberg M. Br J Psychiatry 1979;134:382-9; bands after Snaith et al.")
}
