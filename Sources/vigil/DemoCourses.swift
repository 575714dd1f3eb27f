import Foundation
import VigilCore
import VigilStorage

/// Courses for the demo's eligible patients, one in each phase — induction, maintenance with a
/// booster, planned for next week, paused, ended — with their sessions booked in chairs so the
/// chair board has a full week, and the sessions before the demo day charted as held.
enum DemoCourses {
    enum Phase: CaseIterable {
        case induction, maintenance, planned, paused, ended
    }

    /// Starts the course and charts its held sessions; an active course's latest booking up to the
    /// demo day is placed on it while the day has an outcome to fill.
    static func start(patient: Patient, route: TreatmentRoute, index: Int, prescriber: User, nurse: User, database: Database,
                      sessions: DemoSessions) async throws {
        let prescriberActor = Actor(userID: prescriber.id, role: prescriber.role, address: "demo", sessionID: nil)
        let nurseActor = Actor(userID: nurse.id, role: nurse.role, address: "demo", sessionID: nil)
        let today = sessions.today
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
        guard phase != .planned else { return }
        _ = try await database.changeCourseStatus(id: course.id, to: .active, reason: nil, today: start, by: prescriberActor)
        let booked = try await database.appointments(AppointmentQuery(from: start, through: sessions.demoDay, patientID: patient.id), by: nurseActor)
            .filter { $0.session?.courseID == course.id }
        switch phase {
        case .paused, .ended:
            let until = today.adding(days: phase == .paused ? -2 : -3)
            try await sessions.chartHeld(booked, until: until, exits: true)
            // A paused or stopped course's later bookings are cancelled, as a clinic would.
            let later = try await database.appointments(AppointmentQuery(from: until, through: until.adding(days: 366), patientID: patient.id), by: nurseActor)
            for booking in later where booking.session?.courseID == course.id {
                _ = try await database.cancelAppointment(id: booking.id, reason: .clinic, note: phase == .paused ? "Course paused" : "Course stopped",
                                                         by: nurseActor)
            }
            if phase == .paused {
                _ = try await database.changeCourseStatus(id: course.id, to: .paused, reason: "Travelling for three weeks; resume on return",
                                                          today: until, by: prescriberActor)
            } else {
                _ = try await database.changeCourseStatus(id: course.id, to: .stopped, reason: "No response after four infusions; referred for ECT consultation",
                                                          today: until, by: prescriberActor)
            }
        default:
            // The latest booking up to the demo day moves onto it, while the day still has an outcome to fill.
            var placed: Appointment?
            if let latest = booked.last(where: { $0.date <= sessions.demoDay }) { placed = try await sessions.place(latest) }
            try await sessions.chartHeld(booked.filter { $0.id != placed?.id }, until: nil, exits: false)
        }
    }
}
