import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// Measures sent to patients as links, measurement plans, and the clinic's board of due measures.
struct MeasureRequestsAPI {
    static let send = Endpoint(.post, "/api/v1/patients/{id}/measure-requests", .api, .permission(.documentClinical),
                               "Send a measure to the patient as a single-use link (emailed when SMTP is set up, else returned once for staff)",
                               .init(request: "NewMeasureRequest", status: 201, response: "MeasureRequest"))
    static let list = Endpoint(.get, "/api/v1/patients/{id}/measure-requests", .api, .permission(.viewClinical),
                               "The links sent to a patient, newest first, with their status", .init(response: "MeasureRequestList"))
    static let createPlan = Endpoint(.post, "/api/v1/patients/{id}/measurement-plans", .api, .permission(.documentClinical),
                                     "Measure the patient regularly (e.g. PHQ-9 every 7 days); links go out as measures fall due",
                                     .init(request: "NewMeasurementPlan", status: 201, response: "MeasurementPlan"))
    static let plans = Endpoint(.get, "/api/v1/patients/{id}/measurement-plans", .api, .permission(.viewClinical),
                                "The patient's active plans with their status today", .init(response: "MeasurementPlanList"))
    static let stopPlan = Endpoint(.post, "/api/v1/measurement-plans/{id}/stop", .api, .permission(.documentClinical),
                                   "Stop a measurement plan", .init(status: 204))
    static let board = Endpoint(.get, "/api/v1/measures", .api, .permission(.viewClinical),
                                "Every active plan in the clinic: due, sent, completed or overdue",
                                .init(response: "MeasurementPlanList", query: [QueryParameter("status", "string", "due, sent, completed or overdue")]))

    let database: Database
    let calendar: ClinicCalendar
    let links: MeasureLinks

    struct SendForm: Decodable {
        let instrument: String?
        let reason: String?
        let timing: String?
    }

    struct PlanForm: Decodable {
        let instrument: String?
        let everyDays: Int?
        let startDate: String?
        let reason: String?
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.send) { request, context in
            var request = request
            let form = try await request.decodeJSON(SendForm.self, context: context)
            let (sent, link) = try await send(form, patientID: try context.uuidParameter("id"), context: context)
            return try .json(MeasureRequestDTO(sent, now: calendar.clock(), link: link), status: .created)
        }
        router.add(Self.list) { _, context in
            let file = try await database.patientFile(id: try context.uuidParameter("id"), parts: [.measureRequests], by: context.actor)
            let now = calendar.clock()
            return try .json(ListDTO(items: file.measureRequests.map { MeasureRequestDTO($0, now: now) }))
        }
        router.add(Self.createPlan) { request, context in
            var request = request
            let form = try await request.decodeJSON(PlanForm.self, context: context)
            let planned = try await createPlan(form, patientID: try context.uuidParameter("id"), context: context)
            return try .json(PlannedMeasureDTO(planned, now: calendar.clock()), status: .created)
        }
        router.add(Self.plans) { _, context in
            let file = try await database.patientFile(id: try context.uuidParameter("id"), parts: [.measurePlans],
                                                      calendar: try await measureCalendar(), by: context.actor)
            let now = calendar.clock()
            return try .json(ListDTO(items: file.measurePlans.map { PlannedMeasureDTO($0, now: now) }))
        }
        router.add(Self.stopPlan) { _, context in
            try await database.stopMeasurementPlan(id: try context.uuidParameter("id"), by: context.actor)
            return Response(status: .noContent)
        }
        router.add(Self.board) { request, context in
            let status: MeasurementPlan.Status? = try Validator.optionalChoice(request.uri.queryParameters["status"].map(String.init), "status")
            let now = calendar.clock()
            let planned = try await database.plannedMeasures(calendar: try await measureCalendar(), by: context.actor)
            return try .json(ListDTO(items: planned.filter { status == nil || $0.progress.status == status }.map { PlannedMeasureDTO($0, now: now) }))
        }
    }

    func measureCalendar() async throws -> MeasureCalendar {
        calendar.measures(try await database.clinicSettings())
    }

    /// Shared with the chart. Returns the request and, when staff are to pass it on (no SMTP, no
    /// address, or the email failed), the link, which is never shown again.
    func send(_ form: SendForm, patientID: UUID, context: VigilContext) async throws -> (MeasureRequest, String?) {
        var validator = Validator()
        var checked: (Instrument, String)?
        do { checked = try MeasureRequest.checked(instrument: form.instrument, reason: form.reason) } catch { validator.add(contentsOf: error.errors) }
        let timing: AssessmentTiming? = form.timing.flatMap { validator.choice($0, "timing") }
        try validator.finish()
        let patient = try await database.patientFile(id: patientID, parts: [], by: context.actor).patient
        let delivery: MeasureRequest.Delivery = links.canEmail && patient.email != nil ? .email : .staff
        let issued = try await database.issueMeasureRequest(
            patientID: patientID, instrument: checked!.0, reason: checked!.1, timing: timing,
            hours: try await database.clinicSettings().measureLinkHours, delivery: delivery, requester: context.identity!.user, by: context.actor)
        if delivery == .staff { return (issued.request, links.url(issued.token)) }
        if let problem = await links.deliver(issued, database: database) {
            var request = issued.request
            request.deliveryNote = problem
            return (request, links.url(issued.token))
        }
        return (issued.request, nil)
    }

    /// Shared with the chart.
    func createPlan(_ form: PlanForm, patientID: UUID, context: VigilContext) async throws -> PlannedMeasure {
        let (instrument, every, start, reason) = try MeasurementPlan.checked(instrument: form.instrument, everyDays: form.everyDays,
                                                                             startDate: form.startDate, reason: form.reason, today: calendar.today)
        return try await database.createMeasurementPlan(patientID: patientID, instrument: instrument, everyDays: every, startDate: start,
                                                        reason: reason, creator: context.identity!.user,
                                                        calendar: try await measureCalendar(), by: context.actor)
    }
}
