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

    private static let source = "MGH-ATRQ (COMP006 transcription), clinical reference §3.1"

    public static let standard = AntidepressantTable([
        // SSRIs
        Antidepressant("citalopram", .ssri, 20, note: source),
        Antidepressant("escitalopram", .ssri, 10, note: source),
        Antidepressant("fluoxetine", .ssri, 20, note: source),
        Antidepressant("paroxetine", .ssri, 20, note: source),
        Antidepressant("paroxetine cr", .ssri, 25, note: source),
        Antidepressant("sertraline", .ssri, 50, note: source),
        Antidepressant("fluvoxamine", .ssri, 50, note: source),
        // SNRIs
        Antidepressant("venlafaxine", .snri, 150, note: "\(source); some schemes accept 75 — sources disagree, edit if your payers do"),
        Antidepressant("desvenlafaxine", .snri, 50, note: source),
        Antidepressant("duloxetine", .snri, 60, note: source),
        Antidepressant("levomilnacipran", .snri, 40, note: source),
        Antidepressant("milnacipran", .snri, 100, note: source),
        // Others
        Antidepressant("bupropion", .other, 300, note: source),
        Antidepressant("mirtazapine", .other, 15, note: source),
        Antidepressant("vortioxetine", .other, 10, note: source),
        Antidepressant("vilazodone", .other, 40, note: source),
        Antidepressant("trazodone", .other, 300, note: source),
        Antidepressant("nefazodone", .other, 300, note: source),
        Antidepressant("agomelatine", .other, 25, note: source),
        Antidepressant("tianeptine", .other, 37.5, note: source),
        Antidepressant("reboxetine", .other, 4, note: source),
        Antidepressant("mianserin", .other, 30, note: source),
        Antidepressant("moclobemide", .other, 300, note: source),
        // Tricyclics
        Antidepressant("amitriptyline", .tca, 150, note: source),
        Antidepressant("imipramine", .tca, 150, note: source),
        Antidepressant("desipramine", .tca, 150, note: source),
        Antidepressant("clomipramine", .tca, 150, note: source),
        Antidepressant("doxepin", .tca, 150, note: source),
        Antidepressant("trimipramine", .tca, 150, note: source),
        Antidepressant("amoxapine", .tca, 150, note: source),
        Antidepressant("maprotiline", .tca, 150, note: source),
        Antidepressant("nortriptyline", .tca, 75, note: source),
        Antidepressant("protriptyline", .tca, 30, note: source),
        // MAOIs
        Antidepressant("phenelzine", .maoi, 45, note: source),
        Antidepressant("tranylcypromine", .maoi, 30, note: source),
        Antidepressant("isocarboxazid", .maoi, 30, note: source),
        Antidepressant("selegiline transdermal", .maoi, 6, note: "\(source); 6 mg per 24 hours"),
    ])
}
