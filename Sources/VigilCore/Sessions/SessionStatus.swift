import Foundation

/// Where a dosing session stands. The path is scheduled → checked-in → ready → dosing → monitoring
/// → discharged; no-show, cancelled and stopped-early end it early.
public enum SessionStatus: String, Sendable, Codable, CaseIterable {
    case scheduled
    case checkedIn = "checked-in"
    case ready, dosing, monitoring, discharged
    case noShow = "no-show"
    case cancelled
    case stoppedEarly = "stopped-early"

    public var title: String {
        switch self {
        case .scheduled: "Scheduled"
        case .checkedIn: "Checked in"
        case .ready: "Ready to dose"
        case .dosing: "Dosing"
        case .monitoring: "Monitoring"
        case .discharged: "Discharged"
        case .noShow: "No-show"
        case .cancelled: "Cancelled"
        case .stoppedEarly: "Stopped early"
        }
    }

    /// The moves the state machine allows from here. A session not yet dosed is cancelled (and
    /// rebooked); once a dose is given it can only end in discharge or be stopped early.
    public var allowedNext: [SessionStatus] {
        switch self {
        case .scheduled: [.checkedIn, .noShow, .cancelled]
        case .checkedIn: [.ready, .cancelled]
        case .ready: [.dosing, .checkedIn, .cancelled]
        case .dosing: [.monitoring, .stoppedEarly]
        case .monitoring: [.discharged, .stoppedEarly]
        case .discharged, .noShow, .cancelled, .stoppedEarly: []
        }
    }

    public var hasEnded: Bool { allowedNext.isEmpty }

    /// Whether a dose has been started: vitals after this point are post-dose.
    public var isDosedOrLater: Bool { [.dosing, .monitoring, .discharged, .stoppedEarly].contains(self) }

    /// Cancelling and stopping early need the reason in the note.
    public var needsNote: Bool { self == .cancelled || self == .stoppedEarly }

    /// Checks a move against the graph: 409 with the moves that are possible, 422 for a missing reason.
    public func checkMove(to next: SessionStatus, note: String?) throws {
        guard allowedNext.contains(next) else {
            let options = allowedNext.map(\.rawValue).joined(separator: ", ")
            throw ConflictError("to", "a \(rawValue) session cannot become \(next.rawValue); "
                                + (options.isEmpty ? "the session has ended" : "it can become \(options)"))
        }
        if next.needsNote && (note?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true) {
            throw ValidationError("note", "is required to mark a session \(next.rawValue): say why")
        }
    }
}

/// One move of a session, stamped with who made it and when.
public struct SessionTransition: Sendable, Equatable, Codable {
    public let from: SessionStatus
    public let to: SessionStatus
    public let at: Date
    public let byID: UUID?
    public let byName: String
    public let note: String?

    public init(from: SessionStatus, to: SessionStatus, at: Date, byID: UUID?, byName: String, note: String?) {
        self.from = from
        self.to = to
        self.at = at
        self.byID = byID
        self.byName = byName
        self.note = note
    }
}
