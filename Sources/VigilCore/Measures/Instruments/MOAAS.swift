extension Instrument {
    /// Modified Observer's Assessment of Alertness/Sedation, one observation 0–5 (Chernik et al. 1990,
    /// J Clin Psychopharmacol 10:244); ≤ 2 needs attention — 2 is moderate, below it deep (clinical review F-M1) — watched during
    /// esketamine monitoring. Each level is its own band, named by its descriptor.
    static let moaas = Instrument(
        id: .moaas, version: "1", name: "MOAA/S", title: "Modified Observer's Assessment of Alertness/Sedation",
        prompt: nil, rater: .clinician,
        items: [Item("1", "Responsiveness", answers: moaasLevels)],
        scoring: .sum, totalRange: 0...5,
        bands: moaasLevels.map { Band($0.label, $0.value...$0.value) },
        source: "Chernik DA, Gillings D, Laine H, et al. J Clin Psychopharmacol 1990;10:244-51.")

    static let moaasLevels = [
        Answer(5, "Responds readily to name spoken in normal tone"),
        Answer(4, "Lethargic response to name spoken in normal tone"),
        Answer(3, "Responds only after name is called loudly or repeatedly"),
        Answer(2, "Responds only after mild prodding or shaking"),
        Answer(1, "Responds only after painful trapezius squeeze"),
        Answer(0, "No response after painful trapezius squeeze"),
    ]
}
