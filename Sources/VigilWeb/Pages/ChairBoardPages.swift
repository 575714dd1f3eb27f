import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The chair board (day and week), one booking's page to reschedule, staff or cancel it, and booking a
/// course's planned sessions into proposed slots.
struct ChairBoardPages {
    let database: Database
    let appointments: AppointmentsAPI
    let courses: CoursesAPI
    let calendar: ClinicCalendar
    let pages: PageRenderer

    struct AppointmentView {
        let shell: Shell
        let id: String
        let patientName: String
        let chartLink: String
        let what: String
        let when: String
        let chair: String
        let staff: String?
        let note: String?
        let status: String
        let statusClass: String
        let changeReason: String?
        let date: String
        let startTime: String
        let durationMinutes: Int
        let chairs: [SelectOption]
        let reasons: [SelectOption]
        let staffChoices: [SelectOption]
        let mayChange: Bool
        let boardLink: String
        let rescheduleLink: String
        let cancelLink: String
        let staffLink: String
        /// The session page once the patient is checked in, or the check-in form on the day for clinicians.
        let sessionLink: String?
        let checkInLink: String?
        /// Attendance that may be recorded now: arrived (a visit), no-show, late cancellation.
        let attendance: [SelectOption]
        let attendanceLink: String
        let message: String?
        let errors: [FieldError]
    }

    struct BookingView {
        struct Row {
            let number: Int
            let planned: String
            let proposal: String
            let moved: String?
            let placed: Bool
        }

        let shell: Shell
        let patientName: String
        let courseName: String
        let rows: [Row]
        let placeable: Int
        let startTime: String
        let bookLink: String
        let errors: [FieldError]
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.board) { request, context in
            let date = try day(request)
            let site = try context.workingSite()
            let found = try await database.appointments(AppointmentQuery(from: date, through: date, siteID: site.id), by: context.actor)
            let sessions = context.identity!.user.role.may(.viewClinical) ? try await database.dosingSessions(on: date, site: site.id, by: context.actor) : []
            let today = calendar.today
            var view = BoardView.day(date, appointments: found, sessions: sessions, site: site, query: context.siteQuery,
                                     rules: try await database.clinicSettings().sessionRules,
                                     shell: Shell(title: "Chair board", context: context, current: PageEndpoints.board.path), today: today,
                                     now: calendar.now, clock: calendar.clockTime, message: request.uri.queryParameters["done"].map(String.init))
            if date == today {
                view.followUps(try await database.appointments(AppointmentQuery(from: today.adding(days: -BoardView.lookBackDays), through: today.adding(days: 90),
                                                                                siteID: site.id), by: context.actor), today: today)
            }
            return pages.page("board", view)
        }
        router.add(PageEndpoints.week) { request, context in
            let date = try day(request)
            let monday = date.adding(days: 1 - date.weekday)
            let site = try context.workingSite()
            let found = try await database.appointments(AppointmentQuery(from: monday, through: monday.adding(days: 6), siteID: site.id), by: context.actor)
            let view = BoardView.week(date, appointments: found, site: site, query: context.siteQuery,
                                      shell: Shell(title: "Week", context: context, current: PageEndpoints.board.path),
                                      today: calendar.today)
            return pages.page("board", view)
        }
        router.add(PageEndpoints.appointment) { request, context in
            try await appointmentPage(try context.uuidParameter("id"), context: context,
                                      message: request.uri.queryParameters["done"].map(String.init), errors: [], status: .ok)
        }
        router.add(PageEndpoints.rescheduleAppointment) { request, context in
            let id = try context.uuidParameter("id")
            return try await FormBody.submit(request, context, returningTo: PageEndpoints.appointment.link(id.lowercased), { form in
                var validator = Validator()
                let minutes = form.number("durationMinutes", into: &validator).map { Int($0) }
                try validator.finish()
                let moved = try await appointments.change(id, AppointmentForm(date: form["date"], startTime: form["startTime"], durationMinutes: minutes,
                                                                              chair: form["chair"], reason: form["reason"]), context: context)
                return "Moved to \(moved.date) \(moved.timeRange), \(moved.chair)."
            }) { errors in
                try await appointmentPage(id, context: context, message: nil, errors: errors, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.cancelAppointment) { request, context in
            let id = try context.uuidParameter("id")
            return try await FormBody.submit(request, context, { form in
                let cancelled = try await appointments.cancel(id, .init(reason: form["reason"], note: form["note"]), context: context)
                return ("Cancelled \(cancelled.patientName)'s \(cancelled.date) \(OpeningHours.clock(cancelled.startMinute)) booking: \(cancelled.changeReason?.title ?? "").",
                        Self.board(on: cancelled.date))
            }) { errors in
                try await appointmentPage(id, context: context, message: nil, errors: errors, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.recordAttendance) { request, context in
            let id = try context.uuidParameter("id")
            return try await FormBody.submit(request, context, returningTo: PageEndpoints.appointment.link(id.lowercased), { form in
                let recorded = try await appointments.attend(id, .init(status: form["status"], note: form["note"]), context: context)
                return "Recorded: \(recorded.status.title.lowercased())" + (recorded.status.holdsChair ? "." : "; the chair is free and the session is offered again for booking.")
            }) { errors in
                try await appointmentPage(id, context: context, message: nil, errors: errors, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.assignStaff) { request, context in
            let id = try context.uuidParameter("id")
            return try await FormBody.submit(request, context, returningTo: PageEndpoints.appointment.link(id.lowercased), { form in
                let changed = try await appointments.change(id, AppointmentForm(staff: form.ticked("staff")), context: context)
                return changed.staff.isEmpty ? "No staff assigned." : "Assigned \(changed.staff.map(\.name).joined(separator: ", "))."
            }) { errors in
                try await appointmentPage(id, context: context, message: nil, errors: errors, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.bookCourse) { request, context in
            try await bookingPage(try context.uuidParameter("id"), startTime: request.uri.queryParameters["startTime"].map(String.init),
                                  context: context, errors: [])
        }
        router.add(PageEndpoints.confirmBooking) { request, context in
            let id = try context.uuidParameter("id")
            return try await FormBody.submit(request, context, { form in
                let booked = try await courses.book(courseID: id, sessions: nil, startTime: form["startTime"], context: context).compactMap(\.slot)
                guard let earliest = booked.first else { throw ValidationError("sessions", "none could be booked: no free chairs were found") }
                return ("Booked \(booked.count) session\(booked.count == 1 ? "" : "s") for \(earliest.patientName), from \(earliest.date).",
                        Self.board(on: earliest.date))
            }) { errors in
                try await bookingPage(id, startTime: nil, context: context, errors: errors)
            }
        }
    }

    /// The chair board turned to one day.
    static func board(on day: CalendarDate) -> String { PageEndpoints.board.link() + "?date=\(day)" }

    private func day(_ request: Request) throws -> CalendarDate {
        var reader = QueryReader(request.uri.queryParameters)
        let date = reader.parsed("date", "must be a date in YYYY-MM-DD form", CalendarDate.init)
        try reader.validator.finish()
        return date ?? calendar.today
    }

    private func appointmentPage(_ id: UUID, context: VigilContext, message: String?, errors: [FieldError],
                                 status: HTTPResponse.Status) async throws -> Response {
        let found = try await database.appointment(id: id, by: context.actor)
        let team = try await database.careTeam()
        let role = context.identity!.user.role
        let session = found.session != nil && role.may(.viewClinical) ? try await database.dosingSession(appointmentID: id, by: context.actor) : nil
        let mayCheckIn = session == nil && found.session != nil && found.status == .booked && found.date == calendar.today && role.may(.documentClinical)
        let view = AppointmentView(
            shell: Shell(title: "Booking", context: context, current: PageEndpoints.board.path), id: id.lowercased,
            patientName: found.patientName, chartLink: PageEndpoints.chart.link(found.patientID.lowercased), what: BoardView.what(found),
            when: "\(OpeningHours.dayName(found.date.weekday)) \(found.date), \(found.timeRange)", chair: found.chair,
            staff: found.staff.isEmpty ? nil : found.staff.map(\.name).joined(separator: ", "), note: found.note,
            status: found.status.title, statusClass: found.status.holdsChair ? "good" : "bad",
            changeReason: found.changeReason.map { "\($0.title)\(found.changeNote.map { ": \($0)" } ?? "")" },
            date: found.date.description, startTime: OpeningHours.clock(found.startMinute), durationMinutes: found.durationMinutes,
            chairs: try context.site(found.siteID).chairs.map { SelectOption(value: $0, label: $0, selected: $0 == found.chair) },
            reasons: SelectOption.all(Appointment.ChangeReason.self, selected: nil, label: \.title),
            staffChoices: SelectOption.staff(team, assigned: found.staff.map(\.id)),
            mayChange: context.identity!.user.role.may(.manageSchedule) && found.status == .booked,
            boardLink: Self.board(on: found.date), rescheduleLink: PageEndpoints.rescheduleAppointment.link(id.lowercased),
            cancelLink: PageEndpoints.cancelAppointment.link(id.lowercased), staffLink: PageEndpoints.assignStaff.link(id.lowercased),
            sessionLink: session.map { PageEndpoints.session.link($0.id.lowercased) },
            checkInLink: mayCheckIn ? PageEndpoints.startSession.link(id.lowercased) : nil,
            attendance: role.may(.manageSchedule) ? Appointment.Status.allCases.filter { $0.isAttendance && found.attendanceRefusal($0, today: calendar.today) == nil }
                .map { SelectOption(value: $0.rawValue, label: $0.title, selected: false) } : [],
            attendanceLink: PageEndpoints.recordAttendance.link(id.lowercased), message: message, errors: errors)
        return pages.page("appointment", view, status: status)
    }

    private func bookingPage(_ id: UUID, startTime: String?, context: VigilContext, errors: [FieldError]) async throws -> Response {
        let start = try CoursesAPI.startTime(startTime)
        let found = try await database.proposeSlots(courseID: id, today: calendar.today, earliestStart: start, by: context.actor)
        let proposals = found.proposals
        let view = BookingView(
            shell: Shell(title: "Book sessions", context: context, current: PageEndpoints.board.path),
            patientName: found.patientName, courseName: found.courseName,
            rows: proposals.map { proposal in
                BookingView.Row(number: proposal.session.number, planned: "\(OpeningHours.dayName(proposal.session.plannedDate.weekday)) \(proposal.session.plannedDate)",
                                proposal: proposal.slot.map { "\(OpeningHours.dayName($0.date.weekday)) \($0.date) \($0.timeRange), \($0.chair)" } ?? "no slot",
                                moved: proposal.note, placed: proposal.slot != nil)
            },
            placeable: proposals.filter { $0.slot != nil }.count, startTime: startTime ?? "",
            bookLink: PageEndpoints.confirmBooking.link(id.lowercased), errors: errors)
        return pages.page("book", view, status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
