/// Symptom groups the chart shows so staff see which symptoms moved: mood, the body (sleep,
/// energy, appetite, movement) or thinking. This grouping is Vigil's own presentation, not part of
/// any instrument's scoring (clinical reference §4: PHQ-9 emotional = items 1, 2, 6, 9; physical =
/// 3, 4, 5, 8; cognitive = 7; QIDS-SR16 grouped the same way by domain).
public enum SymptomGroup: String, Sendable, Codable, CaseIterable, Comparable {
    case emotional, physical, cognitive

    public var label: String {
        switch self {
        case .emotional: "Mood and outlook"
        case .physical: "Sleep, energy and appetite"
        case .cognitive: "Concentration"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
