/// How the drug is given. Racemic ketamine routes share the ketamine label's contraindications;
/// the esketamine nasal spray has its own label.
public enum TreatmentRoute: String, Sendable, Codable, CaseIterable {
    case ivKetamine = "iv-ketamine"
    case esketamineNasal = "esketamine-nasal"
    case imKetamine = "im-ketamine"
    case oralKetamine = "oral-ketamine"
    case sublingualKetamine = "sublingual-ketamine"

    public var title: String {
        switch self {
        case .ivKetamine: "IV ketamine"
        case .esketamineNasal: "Esketamine nasal spray"
        case .imKetamine: "IM ketamine"
        case .oralKetamine: "Oral ketamine"
        case .sublingualKetamine: "Sublingual ketamine"
        }
    }

    public var isEsketamine: Bool { self == .esketamineNasal }
}
