import Foundation

/// Where a course stands. A state machine: `planned → active ⇄ paused`, and `completed` or
/// `stopped` at the end; pausing and stopping need a reason.
public enum CourseStatus: String, Sendable, Codable, CaseIterable {
    case planned, active, paused, completed, stopped

    public var allowedNext: [CourseStatus] {
        switch self {
        case .planned: [.active, .stopped]
        case .active: [.paused, .completed, .stopped]
        case .paused: [.active, .stopped]
        case .completed, .stopped: []
        }
    }

    public var needsReason: Bool { self == .paused || self == .stopped }

    /// The verb on the button that moves a course here.
    public var action: String {
        switch self {
        case .planned: "Plan"
        case .active: "Start"
        case .paused: "Pause"
        case .completed: "Complete"
        case .stopped: "Stop"
        }
    }

    /// Checks a move to `next`: an illegal one throws a `ConflictError` with the reason, a
    /// missing reason a `ValidationError`. Returns the trimmed reason.
    public func moving(to next: CourseStatus, reason: String?) throws -> String? {
        guard allowedNext.contains(next) else {
            let allowed = allowedNext.map(\.rawValue)
            throw ConflictError("to", "A \(rawValue) course cannot become \(next.rawValue)"
                                        + (allowed.isEmpty ? "; it has ended." : "; it can become \(allowed.joined(separator: " or "))."))
        }
        let text = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if (text?.count ?? 0) > 1000 || next.needsReason && (text?.count ?? 0) < 5 {
            throw ValidationError("reason", "must say why the course is \(next.rawValue) (5 to 1000 characters)")
        }
        return text
    }
}
