import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The appointment book: bookings in chairs, with conflicts refused and every change given a reason.
struct AppointmentsAPI {
    static let create = Endpoint(.post, "/api/v1/appointments", .api, .permission(.manageSchedule),
                                 "Book a patient into a chair; a clash (double-booked chair, second dose that day, esketamine doses too close, outside opening hours) gets 409 with every reason",
                                 .init(request: "NewAppointment", status: 201, response: "Appointment"))
    static let list = Endpoint(.get, "/api/v1/appointments", .api, .permission(.viewSchedule),
                               "Bookings for a day or a range, by time and chair",
                               .init(response: "AppointmentList", query: [
                                   QueryParameter("date", "string", "the day, YYYY-MM-DD (default today)"),
                                   QueryParameter("through", "string", "last day of a range, up to 31 days"),
                                   QueryParameter("chair", "string", "one chair"),
                                   QueryParameter("patientId", "string", "one patient"),
                                   QueryParameter("includeCancelled", "boolean", "true to include cancelled bookings"), .site,
                               ]))
    static let change = Endpoint(.patch, "/api/v1/appointments/{id}", .api, .permission(.manageSchedule),
                                 "Reschedule (date, startTime, durationMinutes, chair need a reason) or change staff and note",
                                 .init(request: "AppointmentChange", response: "Appointment"))
    static let cancel = Endpoint(.post, "/api/v1/appointments/{id}/cancel", .api, .permission(.manageSchedule),
                                 "Cancel with a reason: no-ride, ate-too-close, illness, patient-request or clinic",
                                 .init(request: "AppointmentCancellation", response: "Appointment"))
    static let attendance = Endpoint(.post, "/api/v1/appointments/{id}/attendance", .api, .permission(.manageSchedule),
                                     "Record attendance: arrived (a visit; a dosing session arrives at check-in), no-show, or late-cancellation (on the day or the day before); a missed course session is proposed again for rebooking",
                                     .init(request: "AppointmentAttendance", response: "Appointment"))

    let database: Database
    let calendar: ClinicCalendar

    struct AttendanceForm: Decodable {
        let status: String?
        let note: String?
    }

    struct CancelForm: Decodable {
        let reason: String?
        let note: String?
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.create) { request, context in
            var request = request
            let form = try await request.decodeJSON(AppointmentForm.self, context: context)
            return try .json(dto(try await book(form, context: context), context), status: .created)
        }
        router.add(Self.list) { request, context in
            var reader = QueryReader(request.uri.queryParameters)
            let from = reader.parsed("date", "must be a date in YYYY-MM-DD form", CalendarDate.init) ?? calendar.today
            let through = reader.parsed("through", "must be a date in YYYY-MM-DD form", CalendarDate.init) ?? from
            let patient = reader.parsed("patientId", "must be a patient's id", UUID.init(uuidString:))
            let cancelled = reader.parsed("includeCancelled", "must be true or false", Bool.init) ?? false
            reader.validator.check(through >= from && from.days(to: through) <= 31, "through", "must be from date to 31 days after it")
            try reader.validator.finish()
            let found = try await database.appointments(AppointmentQuery(from: from, through: through, chair: reader.value("chair"), patientID: patient,
                                                                         includeCancelled: cancelled, siteID: patient == nil ? context.siteID : nil), by: context.actor)
            return try .json(ListDTO(items: found.map { dto($0, context) }))
        }
        router.add(Self.change) { request, context in
            var request = request
            let form = try await request.decodeJSON(AppointmentForm.self, context: context)
            return try .json(dto(try await change(try context.uuidParameter("id"), form, context: context), context))
        }
        router.add(Self.cancel) { request, context in
            var request = request
            let form = try await request.decodeJSON(CancelForm.self, context: context)
            return try .json(dto(try await cancel(try context.uuidParameter("id"), form, context: context), context))
        }
        router.add(Self.attendance) { request, context in
            var request = request
            let form = try await request.decodeJSON(AttendanceForm.self, context: context)
            return try .json(dto(try await attend(try context.uuidParameter("id"), form, context: context), context))
        }
    }

    func dto(_ appointment: Appointment, _ context: VigilContext) -> AppointmentDTO {
        AppointmentDTO(appointment, zone: calendar.zone(of: appointment.siteID, context))
    }

    /// Records attendance; shared with the pages.
    func attend(_ id: UUID, _ form: AttendanceForm, context: VigilContext) async throws -> Appointment {
        var validator = Validator()
        let status: Appointment.Status? = validator.choice(form.status, "status", among: Appointment.Status.allCases.filter(\.isAttendance))
        try validator.finish()
        return try await database.recordAttendance(id: id, status!, note: form.note, today: calendar.today, by: context.actor)
    }

    /// Shared with the pages.
    func book(_ form: AppointmentForm, context: VigilContext) async throws -> Appointment {
        try await database.book(try form.checkedBooking(today: calendar.today), today: calendar.today, by: context.actor)
    }

    func change(_ id: UUID, _ form: AppointmentForm, context: VigilContext) async throws -> Appointment {
        try await database.changeAppointment(id: id, form, today: calendar.today, by: context.actor)
    }

    func cancel(_ id: UUID, _ form: CancelForm, context: VigilContext) async throws -> Appointment {
        var validator = Validator()
        let reason: Appointment.ChangeReason? = validator.choice(form.reason, "reason")
        let note = form.note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        validator.check((note?.count ?? 0) <= 1000, "note", "must be at most 1000 characters")
        try validator.finish()
        return try await database.cancelAppointment(id: id, reason: reason!, note: note, by: context.actor)
    }
}
