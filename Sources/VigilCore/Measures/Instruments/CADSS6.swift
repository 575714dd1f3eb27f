extension Instrument {
    /// Six items of the Clinician-Administered Dissociative States Scale used with esketamine (items 1,
    /// 2, 6, 7, 15 and 22 of the 23-item CADSS, each 0–4): the subset is Rodrigues et al., J Affect
    /// Disord 2021;282:160 (clinical review F-M3); the scale is Bremner et al. 1998, J Trauma Stress
    /// 11:125. No bands. Item text is not reproduced: the labels are short descriptions, and staff
    /// score by the item number of the licensed 23-item form.
    static let cadss6 = Instrument(
        id: .cadss6, version: "1", name: "CADSS-6", title: "Clinician-Administered Dissociative States Scale (6 items)",
        prompt: nil, rater: .clinician,
        items: [
            ("1", "Things moving in slow motion"), ("2", "Things seem unreal, dreamlike"), ("6", "Looking at things from outside the body"),
            ("7", "Watching as an observer"), ("15", "World seen through a fog"), ("22", "Spaced out"),
        ].map { Item($0.0, $0.1, answers: [Answer(0, "Not at all"), Answer(1, "Slightly"), Answer(2, "Moderately"),
                                            Answer(3, "Considerably"), Answer(4, "Extremely")]) },
        scoring: .sum, totalRange: 0...24, bands: [],
        source: "Six-item subset: Rodrigues NB, et al. J Affect Disord 2021;282:160; scale: Bremner JD, et al. J Trauma Stress 1998;11:125-36. Score by the licensed form's item numbers.")
}
