extension Instrument {
    /// Quick Inventory of Depressive Symptomatology, self-report, 16 items (Rush et al. 2003, Biol
    /// Psychiatry 54:573). Nine domains, sleep, appetite/weight and psychomotor each scored as the
    /// highest of their items; bands and remission ≤ 5 (STAR*D) per clinical reference §4. No LOINC
    /// code is confirmed (§5): interoperability uses Vigil's local code system. Vigil ships the item
    /// labels; staff enter the answers from the paper form, whose answer wording differs per item.
    static let qidsSR16 = Instrument(
        id: .qidsSR16, version: "1", name: "QIDS-SR16", title: "Quick Inventory of Depressive Symptomatology (Self-Report, 16 items)",
        prompt: nil, rater: .patient,
        items: [
            ("1", "Falling asleep"), ("2", "Sleep during the night"), ("3", "Waking up too early"), ("4", "Sleeping too much"),
            ("5", "Feeling sad"), ("6", "Decreased appetite"), ("7", "Increased appetite"), ("8", "Decreased weight"),
            ("9", "Increased weight"), ("10", "Concentration and decision making"), ("11", "View of myself"),
            ("12", "Thoughts of death or suicide"), ("13", "General interest"), ("14", "Energy level"),
            ("15", "Feeling slowed down"), ("16", "Feeling restless"),
        ].map { Item($0.0, $0.1, answers: severityAnswers(["0", "1", "2", "3"])) },
        scoring: .domainMaximum([
            Domain("sleep", [1, 2, 3, 4]), Domain("sad mood", [5]), Domain("appetite or weight", [6, 7, 8, 9]),
            Domain("concentration", [10]), Domain("view of self", [11]), Domain("thoughts of death or suicide", [12]),
            Domain("general interest", [13]), Domain("energy", [14]), Domain("psychomotor", [15, 16]),
        ]),
        totalRange: 0...27,
        bands: [Band("none", 0...5), Band("mild", 6...10), Band("moderate", 11...15), Band("severe", 16...20), Band("very severe", 21...27)],
        moderateFrom: 11, remissionAtMost: 5,
        symptomGroups: [.emotional: [5, 11, 12, 13], .physical: [1, 2, 3, 4, 6, 7, 8, 9, 14, 15, 16], .cognitive: [10]],
        source: "Rush AJ, Trivedi MH, Ibrahim HM, et al. Biol Psychiatry 2003;54:573-83; remission ≤ 5 as in STAR*D.")

    /// Answers labelled by their value only, for scales whose answer wording Vigil does not ship.
    static func severityAnswers(_ labels: [String]) -> [Answer] {
        labels.enumerated().map { Answer($0.offset, $0.element) }
    }
}
