extension Instrument {
    /// Generalized Anxiety Disorder-7. Free to reproduce. Bands: Spitzer et al. 2006, Arch Intern Med
    /// 166:1092; remission < 5 is common practice (clinical reference §4); LOINC panel 69737-5, total
    /// 70274-6 (§5). Item LOINC codes are not in the clinical reference, so none are claimed here.
    static let gad7 = Instrument(
        id: .gad7, version: "1", name: "GAD-7", title: "Generalized Anxiety Disorder-7",
        prompt: "Over the last 2 weeks, how often have you been bothered by the following problems?",
        rater: .patient,
        items: [
            Item("1", "Nervous, anxious", text: "Feeling nervous, anxious, or on edge", answers: frequencyAnswers),
            Item("2", "Cannot stop worrying", text: "Not being able to stop or control worrying", answers: frequencyAnswers),
            Item("3", "Worrying too much", text: "Worrying too much about different things", answers: frequencyAnswers),
            Item("4", "Trouble relaxing", text: "Trouble relaxing", answers: frequencyAnswers),
            Item("5", "Restless", text: "Being so restless that it is hard to sit still", answers: frequencyAnswers),
            Item("6", "Irritable", text: "Becoming easily annoyed or irritable", answers: frequencyAnswers),
            Item("7", "Afraid", text: "Feeling afraid, as if something awful might happen", answers: frequencyAnswers),
        ],
        scoring: .sum, totalRange: 0...21,
        bands: [Band("minimal", 0...4), Band("mild", 5...9), Band("moderate", 10...14), Band("severe", 15...21)],
        moderateFrom: 10, remissionAtMost: 4,
        loincPanel: "69737-5", loincTotal: "70274-6",
        source: "Spitzer RL, Kroenke K, Williams JB, Löwe B. Arch Intern Med 2006;166:1092-7. Free to reproduce.")
}
