/// The built-in table of minimum adequate daily doses. Source: clinical reference §3.1 — a
/// study-specific MGH-ATRQ form (COMP006 trial transcription, PMC6493891 for the instrument). It is
/// third-party, so it is the default of a table an admin can edit, not a law.
public struct AntidepressantTable: Sendable, Equatable {
    public var drugs: [Antidepressant]

    public init(_ drugs: [Antidepressant]) {
        self.drugs = drugs
    }

    public func drug(named name: String) -> Antidepressant? {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        return drugs.first { $0.genericName == key }
    }

    /// Where every minimum in the standard table comes from.
    public static let source = "MGH-ATRQ (COMP006 transcription), clinical reference §3.1"

    public static let standard = AntidepressantTable([
        // SSRIs
        Antidepressant("citalopram", .ssri, 20),
        Antidepressant("escitalopram", .ssri, 10),
        Antidepressant("fluoxetine", .ssri, 20),
        Antidepressant("paroxetine", .ssri, 20),
        Antidepressant("paroxetine cr", .ssri, 25),
        Antidepressant("sertraline", .ssri, 50),
        Antidepressant("fluvoxamine", .ssri, 50),
        // SNRIs
        Antidepressant("venlafaxine", .snri, 150, note: "some schemes accept 75 — sources disagree, edit if your payers do"),
        Antidepressant("desvenlafaxine", .snri, 50),
        Antidepressant("duloxetine", .snri, 60),
        Antidepressant("levomilnacipran", .snri, 40),
        Antidepressant("milnacipran", .snri, 100),
        // Others
        Antidepressant("bupropion", .other, 300),
        Antidepressant("mirtazapine", .other, 15),
        Antidepressant("vortioxetine", .other, 10),
        Antidepressant("vilazodone", .other, 40),
        Antidepressant("trazodone", .other, 300),
        Antidepressant("nefazodone", .other, 300),
        Antidepressant("agomelatine", .other, 25),
        Antidepressant("tianeptine", .other, 37.5),
        Antidepressant("reboxetine", .other, 4),
        Antidepressant("mianserin", .other, 30),
        Antidepressant("moclobemide", .other, 300),
        // Tricyclics
        Antidepressant("amitriptyline", .tca, 150),
        Antidepressant("imipramine", .tca, 150),
        Antidepressant("desipramine", .tca, 150),
        Antidepressant("clomipramine", .tca, 150),
        Antidepressant("doxepin", .tca, 150),
        Antidepressant("trimipramine", .tca, 150),
        Antidepressant("amoxapine", .tca, 150),
        Antidepressant("maprotiline", .tca, 150),
        Antidepressant("nortriptyline", .tca, 75),
        Antidepressant("protriptyline", .tca, 30),
        // MAOIs
        Antidepressant("phenelzine", .maoi, 45),
        Antidepressant("tranylcypromine", .maoi, 30),
        Antidepressant("isocarboxazid", .maoi, 30),
        Antidepressant("selegiline transdermal", .maoi, 6, note: "6 mg per 24 hours"),
    ])
}
