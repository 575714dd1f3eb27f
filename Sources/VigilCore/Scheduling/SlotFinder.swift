import Foundation

/// Proposes a free chair and time for each planned session of a course: on its planned day if
/// possible, else the next days, keeping every booking rule.
public enum SlotFinder {
    /// Times are tried every 15 minutes from opening.
    public static let stepMinutes = 15
    /// How many days after the planned one are searched.
    public static let searchDays = 7

    public struct Proposal: Sendable, Equatable {
        public let session: PlannedSession
        /// nil when nothing was free within the search window.
        public let slot: Appointment?
        public let note: String?
    }

    /// `template` carries the patient, course session and duration; each proposal is it placed at a
    /// free slot. Proposals also avoid one another. `earliestStart` prefers a time of day.
    public static func propose(_ sessions: [PlannedSession], template: Appointment, booked: [Appointment], doses: [GivenDose], site: Site,
                               today: CalendarDate, earliestStart: Int? = nil) -> [Proposal] {
        let days = site.clinicDays
        var taken = booked
        return sessions.map { session in
            var candidate = template
            candidate.session = template.session?.numbered(session.number)
            let first = max(session.plannedDate, today)
            for offset in 0..<searchDays {
                candidate.date = first.adding(days: offset)
                guard let open = days.hours(on: candidate.date) else { continue }
                var start = max(open.opens, earliestStart ?? open.opens)
                while start + candidate.durationMinutes <= open.closes {
                    candidate.startMinute = start
                    for chair in site.chairs {
                        candidate.chair = chair
                        if ScheduleRules.conflicts(candidate, booked: taken, doses: doses, site: site, today: today).isEmpty {
                            let slot = Appointment(id: NewID.make(), patientID: candidate.patientID, patientName: candidate.patientName, kind: candidate.kind,
                                                   session: candidate.session, date: candidate.date, startMinute: start,
                                                   durationMinutes: candidate.durationMinutes, chair: chair, staff: candidate.staff, siteID: site.id)
                            taken.append(slot)
                            let moved = candidate.date == session.plannedDate ? nil : "planned for \(session.plannedDate); the first free slot is \(candidate.date)"
                            return Proposal(session: session, slot: slot, note: moved)
                        }
                    }
                    start += stepMinutes
                }
            }
            return Proposal(session: session, slot: nil, note: "no free chair within \(searchDays) days of \(first)")
        }
    }
}
