import Foundation

/// The rules a booking must keep, each broken one with its reason (issue 5): the clinic is open for
/// the whole appointment, the chair is free, the patient has one dosing appointment a day, and doses
/// are no closer than their protocols allow (esketamine: at least 2 days apart when given twice
/// weekly — Vigil's practice for "twice weekly"; the US label gives no minimum interval, clinical
/// review F-C7). Doses of two courses of one patient keep the longer of the two protocols' spacing.
/// Only doses that were given, or may still be, count: a past booking nobody attended blocks nothing
/// (clinic-day issue, findings 2 and 4).
public enum ScheduleRules {
    /// Reasons `candidate` cannot be booked alongside `booked` (other appointments: those no longer
    /// holding a chair and the candidate itself are ignored) and the patient's `doses` given. Empty
    /// when it fits. `site` is the candidate's: its chairs and days; a chair is another site's chair
    /// only by name, so only bookings there can take it, while the patient's own rules span the network.
    public static func conflicts(_ candidate: Appointment, booked: [Appointment], doses: [GivenDose], site: Site,
                                 today: CalendarDate) -> [FieldError] {
        let chairs = site.chairs, days = site.clinicDays
        var reasons: [FieldError] = []
        let day = "\(OpeningHours.dayName(candidate.date.weekday)) \(candidate.date)"
        if !chairs.contains(candidate.chair) {
            reasons.append(FieldError("chair", "\(candidate.chair) is not one of the chairs at \(site.name) (\(chairs.joined(separator: ", ")))"))
        }
        if let open = days.hours(on: candidate.date) {
            if candidate.startMinute < open.opens || candidate.endMinute > open.closes {
                reasons.append(FieldError("startTime", "\(candidate.timeRange) is outside opening hours on \(day) (\(OpeningHours.clock(open.opens))–\(OpeningHours.clock(open.closes)))"))
            }
        } else {
            reasons.append(FieldError("date", days.closedReason(on: candidate.date) ?? "the clinic is closed on \(day)"))
        }
        let others = booked.filter { $0.id != candidate.id && $0.status.holdsChair }
        for other in others where other.siteID == candidate.siteID && other.chair == candidate.chair && other.overlaps(candidate) {
            reasons.append(FieldError("chair", "\(candidate.chair) is booked \(other.timeRange) on \(candidate.date) (\(other.patientName), \(other.kind.title.lowercased()))"))
        }
        guard candidate.kind == .dosing else { return reasons }
        let bookedDoses = others.filter { $0.patientID == candidate.patientID && $0.kind == .dosing }
        for other in bookedDoses where other.date == candidate.date {
            reasons.append(FieldError("date", "\(candidate.patientName) already has a dosing appointment on \(candidate.date) at \(OpeningHours.clock(other.startMinute))\(other.siteID == candidate.siteID ? "" : " at another site"); one dose a day"))
        }
        guard let session = candidate.session else { return reasons }
        // Doses that were given, and bookings from today on that may still be: one entry per course session.
        var counted: [(date: CalendarDate, session: Appointment.CourseSession)] = doses.filter { $0.patientID == candidate.patientID }.map { ($0.date, $0.session) }
        for other in bookedDoses where other.date >= today {
            guard let theirs = other.session, !counted.contains(where: { $0.session.courseID == theirs.courseID && $0.session.number == theirs.number })
            else { continue }
            counted.append((other.date, theirs))
        }
        for other in counted where other.date != candidate.date && !(other.session.courseID == session.courseID && other.session.number == session.number) {
            let apart = abs(other.date.days(to: candidate.date))
            let sameCourse = other.session.courseID == session.courseID
            let needed = sameCourse ? session.minimumDaysApart : max(session.minimumDaysApart, other.session.minimumDaysApart)
            guard needed > 1, apart < needed else { continue }
            reasons.append(FieldError("date", sameCourse
                ? "\(session.route.title) doses must be at least \(needed) days apart (Vigil's practice for twice-weekly dosing); session \(other.session.number) is on \(other.date)"
                : "doses of two courses must be at least \(needed) days apart (the longer spacing of the two protocols); \(other.session.route.title) session \(other.session.number) is on \(other.date)"))
        }
        return reasons
    }
}
