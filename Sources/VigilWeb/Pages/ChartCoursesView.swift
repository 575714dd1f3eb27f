import Foundation
import VigilCore
import VigilStorage

/// The courses part of a chart: each course with its next session, the patient's upcoming
/// bookings, and for prescribers the form that starts a course.
struct ChartCoursesView {
    struct CourseRow {
        let name: String
        let status: String
        let statusClass: String
        let started: String
        let next: String?
        let unbooked: Int
        let link: String?
        let bookLink: String?
    }

    struct Upcoming {
        let when: String
        let what: String
        let chair: String
        let link: String
    }

    let courses: [CourseRow]
    let upcoming: [Upcoming]
    let mayPlan: Bool
    let mayBook: Bool
    let protocols: [SelectOption]
    let today: String
    let planLink: String
    let boardLink: String
    let visitLink: String
    /// The periodic safety review, for clinical staff: due or when it next falls due.
    let safetyReview: String?
    let safetyReviewDue: Bool
    let safetyReviewLink: String

    /// `sites` are the network's: each course is planned on its site's calendar, and the chart says where.
    init(file: PatientFile, protocols: [TreatmentProtocol], role: Role, rules: SessionRules, sites: [Site], today: CalendarDate) {
        let booked = file.appointments.filter { $0.status == .booked }
        let at = sites.whereShown
        courses = file.courses.map { course in
            let plan = course.plannedSessions(today: today, days: sites.site(course.siteID)?.clinicDays ?? ClinicDays(hours: .standard))
            let taken = booked.bookedBySession(of: course.id)
            let next = plan.first { $0.plannedDate >= today }
            let id = course.id.lowercased
            let unbooked = course.hasEnded ? 0 : plan.filter { $0.plannedDate >= today && taken[$0.number] == nil }.count
            return CourseRow(
                name: course.treatmentProtocol.name, status: course.status.rawValue,
                statusClass: course.status == .active ? "good" : course.hasEnded ? "muted" : "warn",
                started: "from \(course.startDate) (\(course.treatmentProtocol.reference))\(at(course.siteID))",
                next: next.map { "next: session \($0.number) planned \($0.plannedDate), \($0.dose.shown)" },
                unbooked: unbooked, link: role.may(.viewClinical) ? PageEndpoints.course.link(id) : nil,
                bookLink: role.may(.manageSchedule) && unbooked > 0 ? PageEndpoints.bookCourse.link(id) : nil)
        }
        upcoming = booked.filter { $0.date >= today }.prefix(8).map { appointment in
            Upcoming(when: "\(OpeningHours.dayName(appointment.date.weekday)) \(appointment.date) \(appointment.timeRange)",
                     what: BoardView.what(appointment), chair: appointment.chair + at(appointment.siteID),
                     link: PageEndpoints.appointment.link(appointment.id.lowercased))
        }
        mayPlan = role.may(.prescribe)
        mayBook = role.may(.manageSchedule)
        self.protocols = protocols.map { SelectOption(value: $0.id, label: "\($0.name) (\($0.reference))\($0.offLabel ? " — off-label" : "")", selected: false) }
        self.today = today.description
        planLink = PageEndpoints.planCourse.link(file.patient.id.lowercased)
        boardLink = PageEndpoints.board.link()
        visitLink = PageEndpoints.newVisit.link(file.patient.id.lowercased)
        let due = file.safetyReviewDue(rules: rules)
        safetyReviewDue = role.may(.viewClinical) && due.isDue
        safetyReview = !role.may(.viewClinical) || due.dosedSessions == 0 ? nil
            : due.isDue ? "Safety review due: \(due.reason)"
            : "Safety review: next after \(due.every - due.sinceLastReview) more session(s) with a dose (\(due.reason))"
        safetyReviewLink = PageEndpoints.safetyReviews.link(file.patient.id.lowercased)
    }
}
