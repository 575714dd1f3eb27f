/// An antidepressant with the lowest daily dose that counts as an adequate trial.
public struct Antidepressant: Sendable, Equatable, Codable {
    public enum DrugClass: String, Sendable, Codable, CaseIterable {
        case ssri = "SSRI"
        case snri = "SNRI"
        case tca = "TCA"
        case maoi = "MAOI"
        case other
    }

    /// Generic name in lower case, as recorded on a trial.
    public var genericName: String
    public var drugClass: DrugClass
    /// The minimum adequate dose in mg per day.
    public var minimumDailyDoseMg: Double
    /// What a reader should know beyond the table's source: a unit, or a scheme that differs.
    public var note: String?

    public init(_ genericName: String, _ drugClass: DrugClass, _ minimumDailyDoseMg: Double, note: String? = nil) {
        self.genericName = genericName
        self.drugClass = drugClass
        self.minimumDailyDoseMg = minimumDailyDoseMg
        self.note = note
    }

    /// The drug itself, without its release form: "paroxetine cr" and "paroxetine" are one
    /// antidepressant, so two trials of them are one drug, not the two different drugs that
    /// treatment resistance needs (clinical review F-E1; the label's "two different antidepressants").
    public static func molecule(_ name: String) -> String {
        let words = name.lowercased().split(separator: " ")
        let forms: Set<Substring> = ["cr", "er", "xr", "xl", "sr", "la", "ir", "odt", "cd"]
        return (words.count > 1 && forms.contains(words.last!) ? words.dropLast() : words[...]).joined(separator: " ")
    }
}
