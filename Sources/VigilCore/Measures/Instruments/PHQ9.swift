extension Instrument {
    /// PHQ-9 answers with their LOINC answer codes (clinical reference §5).
    static let frequencyAnswers = [
        Answer(0, "Not at all", loinc: "LA6568-5"),
        Answer(1, "Several days", loinc: "LA6569-3"),
        Answer(2, "More than half the days", loinc: "LA6570-1"),
        Answer(3, "Nearly every day", loinc: "LA6571-9"),
    ]

    /// Patient Health Questionnaire-9. Free to reproduce (Pfizer). Bands and the item-9 rule: Kroenke,
    /// Spitzer & Williams 2001, J Gen Intern Med 16:606; remission < 5 is later practice (Kroenke &
    /// Spitzer 2002, Psychiatr Ann 32:509; clinical review F-M5); LOINC panel 44249-1, total
    /// 44261-6, items per clinical reference §5. The unscored 10th "difficulty" question is not kept.
    static let phq9 = Instrument(
        id: .phq9, version: "1", name: "PHQ-9", title: "Patient Health Questionnaire-9",
        prompt: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
        rater: .patient,
        items: [
            Item("1", "Interest or pleasure", text: "Little interest or pleasure in doing things", answers: frequencyAnswers, loinc: "44250-9"),
            Item("2", "Feeling down", text: "Feeling down, depressed, or hopeless", answers: frequencyAnswers, loinc: "44255-8"),
            Item("3", "Sleep", text: "Trouble falling or staying asleep, or sleeping too much", answers: frequencyAnswers, loinc: "44259-0"),
            Item("4", "Tired, little energy", text: "Feeling tired or having little energy", answers: frequencyAnswers, loinc: "44254-1"),
            Item("5", "Appetite", text: "Poor appetite or overeating", answers: frequencyAnswers, loinc: "44251-7"),
            Item("6", "Feeling bad about yourself",
                 text: "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
                 answers: frequencyAnswers, loinc: "44258-2"),
            Item("7", "Concentration", text: "Trouble concentrating on things, such as reading the newspaper or watching television",
                 answers: frequencyAnswers, loinc: "44252-5"),
            Item("8", "Moving slowly or restless",
                 text: "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
                 answers: frequencyAnswers, loinc: "44253-3"),
            Item("9", "Thoughts of death or self-harm", text: "Thoughts that you would be better off dead or of hurting yourself in some way",
                 answers: frequencyAnswers, loinc: "44260-8"),
        ],
        scoring: .sum, totalRange: 0...27,
        bands: [Band("minimal", 0...4), Band("mild", 5...9), Band("moderate", 10...14), Band("moderately severe", 15...19), Band("severe", 20...27)],
        moderateFrom: 10, remissionAtMost: 4,
        symptomGroups: [.emotional: [1, 2, 6, 9], .physical: [3, 4, 5, 8], .cognitive: [7]],
        loincPanel: "44249-1", loincTotal: "44261-6",
        source: "Kroenke K, Spitzer RL, Williams JB. J Gen Intern Med 2001;16:606-13. Free to reproduce.")
}
