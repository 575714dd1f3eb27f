/// The job a staff member does in the clinic. A user has exactly one role at a time;
/// what each role may do is declared in `Role.permissions`.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case admin
    case prescriber
    case nurse
    case frontDesk = "front-desk"
    case auditor

    /// The name shown to people.
    public var title: String {
        switch self {
        case .admin: "Administrator"
        case .prescriber: "Prescriber"
        case .nurse: "Nurse"
        case .frontDesk: "Front desk"
        case .auditor: "Auditor"
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
