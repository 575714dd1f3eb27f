import Foundation

/// A patient's course of treatment under one protocol version: its schedule, the dose orders and
/// any boosters, and where it stands.
public struct Course: Sendable, Equatable, Identifiable {
    public let id: UUID
    public let patientID: UUID
    /// The protocol exactly as it was when the course started.
    public let treatmentProtocol: TreatmentProtocol
    public let startDate: CalendarDate
    /// The cadence chosen for each phase, in the protocol's order (a phase's own cadence unless a choice was made).
    public let cadences: [SchedulePhase.Cadence]
    public var status: CourseStatus
    public var statusReason: String?
    public var statusChangedOn: CalendarDate?
    public let createdByName: String
    public let createdAt: Date
    public var orders: [DoseOrder]
    public var boosters: [Booster]

    /// The site the course is given at: its calendar plans the sessions.
    public var siteID: UUID

    public init(id: UUID, patientID: UUID, treatmentProtocol: TreatmentProtocol, startDate: CalendarDate, cadences: [SchedulePhase.Cadence],
                status: CourseStatus, statusReason: String? = nil, statusChangedOn: CalendarDate? = nil, createdByName: String,
                createdAt: Date, orders: [DoseOrder], boosters: [Booster] = [], siteID: UUID = Site.firstID) {
        self.id = id
        self.siteID = siteID
        self.patientID = patientID
        self.treatmentProtocol = treatmentProtocol
        self.startDate = startDate
        self.cadences = cadences
        self.status = status
        self.statusReason = statusReason
        self.statusChangedOn = statusChangedOn
        self.createdByName = createdByName
        self.createdAt = createdAt
        self.orders = orders
        self.boosters = boosters
    }

    /// A booster session a prescriber planned, usually by accepting booster advice.
    public struct Booster: Sendable, Equatable, Codable {
        public let date: CalendarDate
        public let reason: String

        public init(date: CalendarDate, reason: String) {
            self.date = date
            self.reason = reason
        }
    }

    public var hasEnded: Bool { status == .stopped || status == .completed }

    /// Refuses `action` (e.g. "book sessions") on a course that has ended.
    public func requireOpen(_ action: String) throws(ConflictError) {
        if hasEnded { throw ConflictError("course", "is \(status.rawValue); \(action) only for a planned, active or paused course") }
    }

    /// How far ahead open-ended phases are planned (issue 5: four weeks ahead, on a rolling basis).
    public static let rollingDays = 28

    /// The sessions planned as of `today`: the fixed phases, open-ended phases through four weeks
    /// ahead while the course runs, and boosters, numbered in date order. A stopped or completed
    /// course keeps only the sessions up to the day it ended. Each session falls on a day the clinic
    /// is open: the cadence's day when it is, else the next open day, and never closer to the session
    /// before than the protocol allows (clinic-day issue, finding 5: sessions were planned on Sundays
    /// and on 25 December).
    public func plannedSessions(today: CalendarDate, days: ClinicDays) -> [PlannedSession] {
        let running = status == .planned || status == .active
        let ended = hasEnded ? statusChangedOn : nil
        let horizon = running ? max(today, startDate).adding(days: Self.rollingDays) : (statusChangedOn ?? today)
        var dated: [(CalendarDate, CoursePhase)] = []
        var cursor = startDate
        for (phase, cadence) in zip(treatmentProtocol.phases, cadences) {
            var index = 0
            while phase.sessions.map({ index < $0 }) ?? true {
                let date: CalendarDate
                switch cadence {
                case .perWeek(let perWeek):
                    date = cursor.adding(days: (index / perWeek) * 7 + (index % perWeek) * 7 / perWeek)
                case .everyDays(let days):
                    date = cursor.adding(days: index * days)
                }
                if phase.sessions == nil && date > horizon { break }
                dated.append((date, phase.kind))
                index += 1
            }
            switch cadence {
            case .perWeek(let perWeek): cursor = cursor.adding(days: (index + perWeek - 1) / perWeek * 7)
            case .everyDays(let days): cursor = cursor.adding(days: index * days)
            }
        }
        // Onto open days, in order, keeping the protocol's spacing from the session before.
        var previous: CalendarDate?
        dated = dated.map { date, phase in
            let earliest = previous.map { max(date, $0.adding(days: treatmentProtocol.minimumDaysApart)) } ?? date
            let open = days.firstOpen(onOrAfter: earliest) ?? earliest
            previous = open
            return (open, phase)
        }
        dated += boosters.map { ($0.date, .booster) }
        let kept = dated.filter { ended == nil || $0.0 <= ended! }.sorted { $0.0 < $1.0 }
        return kept.enumerated().map { offset, entry in
            PlannedSession(number: offset + 1, plannedDate: entry.0, phase: entry.1, dose: dose(forSession: offset + 1),
                           infusionMinutes: treatmentProtocol.infusionMinutes)
        }
    }

    /// The session a dose order or a preparation is for by default: the next planned from today,
    /// else the last.
    public func nextSession(today: CalendarDate, days: ClinicDays) -> PlannedSession? {
        let plan = plannedSessions(today: today, days: days)
        return plan.first { $0.plannedDate >= today } ?? plan.last
    }

    /// Planned sessions already held, dated the day they were held: the course's sessions in which
    /// a dose was given (a session stopped early after its dose counts; one stopped before does not).
    public func heldSessions(_ sessions: [DosingSession], today: CalendarDate, days: ClinicDays) -> [PlannedSession] {
        let held = Dictionary(sessions.filter { $0.courseID == id && $0.administration != nil }.map { ($0.sessionNumber, $0.date) },
                              uniquingKeysWith: min)
        return plannedSessions(today: today, days: days).compactMap { session in
            held[session.number].map {
                PlannedSession(number: session.number, plannedDate: $0, phase: session.phase, dose: session.dose, infusionMinutes: session.infusionMinutes)
            }
        }
    }

    /// The order in force for a session: the newest order whose first session is at or before it.
    public func order(forSession number: Int) -> DoseOrder? {
        orders.filter { $0.fromSession <= number }.max { ($0.orderedAt, $0.fromSession) < ($1.orderedAt, $1.fromSession) }
    }

    public func dose(forSession number: Int) -> Dose {
        order(forSession: number)?.dose ?? treatmentProtocol.dosing.dose(treatmentProtocol.dosing.standard, weightKg: nil)
    }

    /// The newest order: the course's current dose.
    public var currentOrder: DoseOrder? { orders.max { ($0.orderedAt, $0.fromSession) < ($1.orderedAt, $1.fromSession) } }
}

/// One session of a course's plan.
public struct PlannedSession: Sendable, Equatable {
    public let number: Int
    public let plannedDate: CalendarDate
    public let phase: CoursePhase
    public let dose: Dose
    public let infusionMinutes: Int?

    public init(number: Int, plannedDate: CalendarDate, phase: CoursePhase, dose: Dose, infusionMinutes: Int?) {
        self.number = number
        self.plannedDate = plannedDate
        self.phase = phase
        self.dose = dose
        self.infusionMinutes = infusionMinutes
    }
}
