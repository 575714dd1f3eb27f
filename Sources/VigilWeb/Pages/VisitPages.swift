import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// Booking a visit without a dose — a consultation or a review — from the chart.
struct VisitPages {
    let database: Database
    let appointments: AppointmentsAPI
    let calendar: ClinicCalendar
    let pages: PageRenderer

    struct View {
        let shell: Shell
        let patientName: String
        let chartLink: String
        let kinds: [SelectOption]
        let date: String
        let startTime: String
        let durationMinutes: String
        let chairs: [SelectOption]
        let staffChoices: [SelectOption]
        let note: String
        let bookLink: String
        let errors: [FieldError]
    }

    /// The visit kinds this page books; dosing sessions are booked from their course.
    static let kinds: [Appointment.Kind] = [.consultation, .review]

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.newVisit) { _, context in
            try await page(try context.uuidParameter("id"), form: FormBody(values: [:]), context: context, errors: [])
        }
        router.add(PageEndpoints.bookVisit) { request, context in
            let id = try context.uuidParameter("id")
            var request = request
            let form = try await FormBody(request: &request, context: context)
            return try await FormBody.submit(form, { form in
                var validator = Validator()
                let minutes = form.number("durationMinutes", into: &validator).map { Int($0) }
                validator.check(Self.kinds.map(\.rawValue).contains(form["kind"] ?? ""), "kind",
                                "must be consultation or review; dosing sessions are booked from their course")
                try validator.finish()
                let booked = try await appointments.book(
                    AppointmentForm(patientId: id.lowercased, kind: form["kind"], date: form["date"], startTime: form["startTime"],
                                    durationMinutes: minutes, chair: form["chair"], staff: form.ticked("staff"), note: form["note"]),
                    context: context)
                return ("Booked \(booked.kind.title.lowercased()) for \(booked.patientName): \(booked.date) \(booked.timeRange), \(booked.chair).",
                        ChairBoardPages.board(on: booked.date))
            }) { errors in
                try await page(id, form: form, context: context, errors: errors)
            }
        }
    }

    /// The form, empty or as it was sent (nothing typed is lost when a value is refused).
    private func page(_ id: UUID, form: FormBody, context: VigilContext, errors: [FieldError]) async throws -> Response {
        let file = try await database.patientFile(id: id, parts: [], by: context.actor)
        let kind = form["kind"].flatMap(Appointment.Kind.init)
        let view = View(
            shell: Shell(title: "Book a visit", context: context, current: PageEndpoints.board.path),
            patientName: file.patient.fullName, chartLink: PageEndpoints.chart.link(id.lowercased),
            kinds: Self.kinds.map { SelectOption(value: $0.rawValue, label: $0.title, selected: $0 == kind) },
            date: form["date"] ?? calendar.today.description, startTime: form["startTime"] ?? "",
            durationMinutes: form["durationMinutes"] ?? "",
            chairs: try context.workingSite().chairs.map { SelectOption(value: $0, label: $0, selected: $0 == form["chair"]) },
            staffChoices: SelectOption.staff(try await database.careTeam(), assigned: form.ticked("staff").compactMap(UUID.init(uuidString:))),
            note: form["note"] ?? "", bookLink: PageEndpoints.bookVisit.link(id.lowercased), errors: errors)
        return pages.page("visit", view, status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}
