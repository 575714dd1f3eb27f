extension Instrument {
    /// WHO-5 Well-Being Index (WHO 1998; Topp et al. 2015, Psychother Psychosom 84:167). Free to
    /// reproduce. Raw 0–25 × 4 = 0–100, higher is better; ≤ 50 poor well-being, ≤ 28 likely
    /// depression (clinical reference §4).
    static let who5 = Instrument(
        id: .who5, version: "1", name: "WHO-5", title: "WHO-5 Well-Being Index",
        prompt: "Over the last two weeks:", rater: .patient,
        items: [
            "I have felt cheerful and in good spirits", "I have felt calm and relaxed", "I have felt active and vigorous",
            "I woke up feeling fresh and rested", "My daily life has been filled with things that interest me",
        ].enumerated().map { Item(String($0.offset + 1), $0.element, text: $0.element, answers: [
            Answer(5, "All of the time"), Answer(4, "Most of the time"), Answer(3, "More than half of the time"),
            Answer(2, "Less than half of the time"), Answer(1, "Some of the time"), Answer(0, "At no time"),
        ]) },
        scoring: .scaledSum(factor: 4), totalRange: 0...100,
        bands: [Band("likely depression", 0...28), Band("poor well-being", 29...50), Band("adequate well-being", 51...100)],
        lowerIsBetter: false,
        source: "WHO Regional Office for Europe 1998; Topp CW, et al. Psychother Psychosom 2015;84:167-76. Free to reproduce.")
}
