import Foundation

/// The rules a booking must keep, each broken one with its reason (issue 5): the clinic is open for
/// the whole appointment, the chair is free, the patient has one dosing appointment a day, and a
/// course's doses are no closer than its protocol allows (esketamine: at least 2 days apart when
/// given twice weekly — Vigil's practice for "twice weekly"; the US label gives no minimum interval,
/// clinical review F-C7).
public enum ScheduleRules {
    /// Reasons `candidate` cannot be booked alongside `booked` (other appointments; cancelled ones
    /// and the candidate itself are ignored). Empty when it fits.
    public static func conflicts(_ candidate: Appointment, booked: [Appointment], hours: OpeningHours, chairs: [String]) -> [FieldError] {
        var reasons: [FieldError] = []
        let day = "\(OpeningHours.dayName(candidate.date.weekday)) \(candidate.date)"
        if !chairs.contains(candidate.chair) {
            reasons.append(FieldError("chair", "\(candidate.chair) is not one of the clinic's chairs (\(chairs.joined(separator: ", ")))"))
        }
        if let open = hours.hours(on: candidate.date) {
            if candidate.startMinute < open.opens || candidate.endMinute > open.closes {
                reasons.append(FieldError("startTime", "\(candidate.timeRange) is outside opening hours on \(day) (\(OpeningHours.clock(open.opens))–\(OpeningHours.clock(open.closes)))"))
            }
        } else {
            reasons.append(FieldError("date", "the clinic is closed on \(day)"))
        }
        let others = booked.filter { $0.id != candidate.id && $0.status == .booked }
        for other in others where other.chair == candidate.chair && other.overlaps(candidate) {
            reasons.append(FieldError("chair", "\(candidate.chair) is booked \(other.timeRange) on \(candidate.date) (\(other.patientName), \(other.kind.title.lowercased()))"))
        }
        guard candidate.kind == .dosing else { return reasons }
        let doses = others.filter { $0.patientID == candidate.patientID && $0.kind == .dosing }
        for other in doses where other.date == candidate.date {
            reasons.append(FieldError("date", "\(candidate.patientName) already has a dosing appointment on \(candidate.date) at \(OpeningHours.clock(other.startMinute)); one dose a day"))
        }
        if let session = candidate.session, session.minimumDaysApart > 1 {
            for other in doses where other.date != candidate.date && other.session?.courseID == session.courseID
                && abs(other.date.days(to: candidate.date)) < session.minimumDaysApart {
                reasons.append(FieldError("date", "\(session.route.title) doses must be at least \(session.minimumDaysApart) days apart (Vigil's practice for twice-weekly dosing); session \(other.session!.number) is on \(other.date)"))
            }
        }
        return reasons
    }
}
