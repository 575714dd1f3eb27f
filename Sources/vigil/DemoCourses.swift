import Foundation
import VigilCore
import VigilStorage

/// Courses for the demo's eligible patients, one in each phase — induction, maintenance with a
/// booster, planned for next week, paused, ended — with their sessions booked in chairs (past
/// sessions count as held) so the chair board has a full week.
enum DemoCourses {
    enum Phase: CaseIterable {
        case induction, maintenance, planned, paused, ended
    }

    static func start(patient: Patient, route: TreatmentRoute, index: Int, prescriber: User, nurse: User, database: Database) async throws {
        let prescriberActor = Actor(userID: prescriber.id, role: prescriber.role, address: "demo", sessionID: nil)
        let nurseActor = Actor(userID: nurse.id, role: nurse.role, address: "demo", sessionID: nil)
        let today = CalendarDate(Date(), in: .current)
        if let template = try await database.currentConsentTemplate(route: route) {
            _ = try await database.recordConsent(patientID: patient.id, templateID: template.id, typedName: patient.fullName, witness: nurse, by: nurseActor)
        }
        let phase = Phase.allCases[(index / 5) % Phase.allCases.count]
        let nextMonday = today.adding(days: 8 - today.weekday)
        let start = switch phase {
        case .induction: today.adding(days: -8)
        case .maintenance: today.adding(days: route.isEsketamine ? -45 : -30)
        case .planned: nextMonday
        case .paused, .ended: today.adding(days: -20)
        }
        let form = CoursePlanForm(protocolID: route.isEsketamine ? "esketamine-trd" : "iv-ketamine", startDate: start.description,
                                  doseMgPerKg: route.isEsketamine ? nil : 0.5, doseMg: route.isEsketamine ? 84 : nil)
        // Courses that began before today are entered as the prescriber planned them then.
        let course = try await database.startCourse(patientID: patient.id, form: form, today: min(start, today), prescriber: prescriber, by: prescriberActor)
        _ = try await database.bookCourseSessions(courseID: course.id, numbers: nil, today: min(start, today), earliestStart: 8 * 60 + (index % 4) * 60,
                                                  by: nurseActor)
        switch phase {
        case .planned:
            break
        case .induction, .maintenance:
            _ = try await database.changeCourseStatus(id: course.id, to: .active, reason: nil, today: start, by: prescriberActor)
        case .paused:
            _ = try await database.changeCourseStatus(id: course.id, to: .active, reason: nil, today: start, by: prescriberActor)
            _ = try await database.changeCourseStatus(id: course.id, to: .paused, reason: "Travelling for three weeks; resume on return",
                                                      today: today.adding(days: -2), by: prescriberActor)
        case .ended:
            _ = try await database.changeCourseStatus(id: course.id, to: .active, reason: nil, today: start, by: prescriberActor)
            _ = try await database.changeCourseStatus(id: course.id, to: .stopped, reason: "No response after four infusions; referred for ECT consultation",
                                                      today: today.adding(days: -3), by: prescriberActor)
        }
    }
}
