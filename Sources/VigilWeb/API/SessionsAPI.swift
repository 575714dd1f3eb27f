import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// Dosing sessions: opening one, its moves, the readiness checklist and blood-pressure gate, the
/// administration, vitals, side effects, discharge and the esketamine REMS monitoring form.
struct SessionsAPI {
    static let open = Endpoint(.post, "/api/v1/sessions", .api, .permission(.documentClinical),
                               "Open a session from a booked dosing appointment, or ad hoc today with patientId and courseId",
                               .init(request: "NewSession", status: 201, response: "Session"))
    static let list = Endpoint(.get, "/api/v1/sessions", .api, .permission(.viewClinical), "The sessions of a day",
                               .init(response: "SessionList", query: [QueryParameter("date", "string", "YYYY-MM-DD (default: today)"), .site]))
    static let read = Endpoint(.get, "/api/v1/sessions/{id}", .api, .permission(.viewClinical),
                               "A session with its readiness, alerts, next vitals due and discharge readiness", .init(response: "Session"))
    static let move = Endpoint(.post, "/api/v1/sessions/{id}/transitions", .api, .permission(.documentClinical),
                               "Move a session (scheduled → checked-in → ready → dosing → monitoring → discharged; no-show, cancelled, stopped-early with a note); illegal moves, dosing past the gate and early discharge get 409 with the reasons",
                               .init(request: "SessionMove", response: "Session"))
    static let checklist = Endpoint(.put, "/api/v1/sessions/{id}/checklist", .api, .permission(.documentClinical),
                                    "The pre-dose checklist: fasting, liquids and nasal sprays (esketamine), ride, no driving, pregnancy, new medicines",
                                    .init(request: "ReadinessChecklist", response: "Session"))
    static let readiness = Endpoint(.get, "/api/v1/sessions/{id}/readiness", .api, .permission(.viewClinical),
                                    "ok, caution (needs a prescriber's acknowledgement), hold (no dose) or incomplete, with the reasons",
                                    .init(response: "Readiness"))
    static let acknowledge = Endpoint(.post, "/api/v1/sessions/{id}/acknowledgement", .api, .permission(.prescribe),
                                      "A prescriber acknowledges the caution reasons, with a note, so dosing may go ahead",
                                      .init(request: "Note", response: "Session"))
    static let administer = Endpoint(.post, "/api/v1/sessions/{id}/administrations", .api, .permission(.documentClinical),
                                     "The dose given: lot, each esketamine device's time (5 minutes apart), an infusion's pump rate and volume, the supervising prescriber",
                                     .init(request: "Administration", status: 201, response: "Session"))
    static let vitals = Endpoint(.post, "/api/v1/sessions/{id}/vitals", .api, .permission(.documentClinical),
                                 "A set of vital signs (MOAA/S 0–5 for sedation); impossible values get 422; alerts come back at once",
                                 .init(request: "Vitals", status: 201, response: "Session"))
    static let sideEffect = Endpoint(.post, "/api/v1/sessions/{id}/side-effects", .api, .permission(.documentClinical),
                                     "A side effect with its severity, time and the intervention given", .init(request: "SideEffect", status: 201, response: "Session"))
    static let resolveSideEffect = Endpoint(.post, "/api/v1/sessions/{id}/side-effects/{effectId}/resolution", .api, .permission(.documentClinical),
                                            "Document a side effect resolved (at: when; empty: now); discharge waits for every one",
                                            .init(request: "Resolution", response: "Session"))
    static let signOff = Endpoint(.post, "/api/v1/sessions/{id}/sign-off", .api, .permission(.documentClinical),
                                  "A clinician's decision that the patient may leave once the rules allow", .init(request: "Note", response: "Session"))
    static let discharge = Endpoint(.get, "/api/v1/sessions/{id}/discharge-readiness", .api, .permission(.viewClinical),
                                    "Whether the patient may leave now, the earliest time, and every reason not yet", .init(response: "DischargeReadiness"))
    static let remsForm = Endpoint(.get, "/api/v1/sessions/{id}/rems-form", .api, .permission(.viewClinical),
                                   "The esketamine REMS Patient Monitoring Form, filled from the session (versioned field list)", .init(response: "RemsForm"))
    static let remsSubmitted = Endpoint(.post, "/api/v1/sessions/{id}/rems-form/submission", .api, .permission(.documentClinical),
                                        "Record that the monitoring form was sent to the REMS, with the date and confirmation",
                                        .init(request: "RemsSubmission", response: "RemsForm"))
    static let remsQueue = Endpoint(.get, "/api/v1/rems-forms", .api, .permission(.viewClinical),
                                    "Esketamine monitoring forms of the last 30 days: due within 7 days of the session, submitted or overdue",
                                    .init(response: "RemsQueue", query: [.site]))

    let database: Database
    let calendar: ClinicCalendar

    struct MoveForm: Decodable {
        let to: String?
        let note: String?
    }

    struct NoteForm: Decodable {
        let note: String?
    }

    struct SubmissionForm: Decodable {
        let submittedOn: String?
        let reference: String?
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.open) { request, context in
            var request = request
            let form = try await request.decodeJSON(SessionOpeningForm.self, context: context)
            return try await respond(try await database.openSession(try form.checked(), today: calendar.today, by: context.actor), status: .created)
        }
        router.add(Self.list) { request, context in
            var reader = QueryReader(request.uri.queryParameters)
            let date = reader.parsed("date", "must be a date in YYYY-MM-DD form", CalendarDate.init) ?? calendar.today
            try reader.validator.finish()
            let rules = try await database.clinicSettings().sessionRules
            let found = try await database.dosingSessions(on: date, site: context.siteID, by: context.actor)
            return try .json(ListDTO(items: found.map { SessionDTO($0, rules: rules, now: calendar.now) }))
        }
        router.add(Self.read) { _, context in
            try await respond(try await database.dosingSession(id: try context.uuidParameter("id"), by: context.actor))
        }
        router.add(Self.move) { request, context in
            var request = request
            let form = try await request.decodeJSON(MoveForm.self, context: context)
            return try await respond(try await move(try context.uuidParameter("id"), to: form.to, note: form.note, context: context))
        }
        router.add(Self.checklist) { request, context in
            var request = request
            let checklist = try await request.decodeJSON(ReadinessChecklist.self, context: context)
            return try await respond(try await answer(try context.uuidParameter("id"), checklist, context: context))
        }
        router.add(Self.readiness) { _, context in
            let session = try await database.dosingSession(id: try context.uuidParameter("id"), by: context.actor)
            return try .json(ReadinessDTO(session.readiness(rules: try await database.clinicSettings().sessionRules, at: calendar.now)))
        }
        router.add(Self.acknowledge) { request, context in
            var request = request
            let form = try await request.decodeJSON(NoteForm.self, context: context)
            return try await respond(try await acknowledge(try context.uuidParameter("id"), note: form.note, context: context))
        }
        router.add(Self.administer) { request, context in
            var request = request
            let form = try await request.decodeJSON(AdministrationForm.self, context: context)
            return try await respond(try await database.recordAdministration(id: try context.uuidParameter("id"), form, by: context.identity!.user,
                                                                             actor: context.actor, timeZone: calendar.timeZone), status: .created)
        }
        router.add(Self.vitals) { request, context in
            var request = request
            let form = try await request.decodeJSON(VitalSignsForm.self, context: context)
            return try await respond(try await record(try context.uuidParameter("id"), form, context: context), status: .created)
        }
        router.add(Self.sideEffect) { request, context in
            var request = request
            let form = try await request.decodeJSON(SideEffectForm.self, context: context)
            return try await respond(try await record(try context.uuidParameter("id"), form, context: context), status: .created)
        }
        router.add(Self.resolveSideEffect) { request, context in
            var request = request
            let form = try await request.decodeJSON(Resolution.self, context: context)
            return try await respond(try await resolve(try context.uuidParameter("id"), sideEffect: try context.uuidParameter("effectId"), at: form.at,
                                                       context: context))
        }
        router.add(Self.signOff) { request, context in
            var request = request
            let form = try await request.decodeJSON(NoteForm.self, context: context)
            return try await respond(try await signOff(try context.uuidParameter("id"), note: form.note, context: context))
        }
        router.add(Self.discharge) { _, context in
            let session = try await database.dosingSession(id: try context.uuidParameter("id"), by: context.actor)
            return try .json(DischargeDTO(session.dischargeReadiness(at: calendar.now, rules: try await database.clinicSettings().sessionRules)))
        }
        router.add(Self.remsForm) { _, context in
            try .json(RemsFormDTO(try await database.remsForm(id: try context.uuidParameter("id"), by: context.actor).form))
        }
        router.add(Self.remsSubmitted) { request, context in
            var request = request
            let form = try await request.decodeJSON(SubmissionForm.self, context: context)
            let id = try context.uuidParameter("id")
            _ = try await submitted(id, on: form.submittedOn, reference: form.reference, context: context)
            return try .json(RemsFormDTO(try await database.remsForm(id: id, by: context.actor).form))
        }
        router.add(Self.remsQueue) { _, context in
            let found = try await database.remsQueue(since: calendar.today.adding(days: -30), site: context.siteID, by: context.actor)
            return try .json(ListDTO(items: found.map { RemsQueueItem($0, today: calendar.today) }))
        }
    }

    private func respond(_ session: DosingSession, status: HTTPResponse.Status = .ok) async throws -> Response {
        try .json(SessionDTO(session, rules: try await database.clinicSettings().sessionRules, now: calendar.now), status: status)
    }

    // MARK: Shared with the session page

    func move(_ id: UUID, to: String?, note: String?, context: VigilContext) async throws -> DosingSession {
        var validator = Validator()
        let next: SessionStatus? = validator.choice(to, "to")
        try validator.finish()
        return try await database.moveSession(id: id, to: next!, note: note, by: context.identity!.user, actor: context.actor)
    }

    func answer(_ id: UUID, _ checklist: ReadinessChecklist, context: VigilContext) async throws -> DosingSession {
        try await database.changeSession(id: id, by: context.actor) { session, _, _ in
            try session.answer(checklist)
            return "readiness checklist answered"
        }
    }

    func acknowledge(_ id: UUID, note: String?, context: VigilContext) async throws -> DosingSession {
        let name = context.identity!.user.name
        return try await database.changeSession(id: id, by: context.actor) { session, tx, settings in
            try session.acknowledgeCaution(note: note, byName: name, at: tx.now, rules: settings.sessionRules)
            return "caution acknowledged: \(session.acknowledgement?.note ?? "")"
        }
    }

    func record(_ id: UUID, _ form: VitalSignsForm, context: VigilContext) async throws -> DosingSession {
        let name = context.identity!.user.name
        return try await database.changeSession(id: id, by: context.actor) { session, tx, _ in
            let reading = try session.record(form, byName: name, at: tx.now)
            return "vitals \(reading.bloodPressure), HR \(reading.heartRate), SpO2 \(reading.spo2)\(reading.sedation.map { ", MOAA/S \($0)" } ?? "")"
        }
    }

    func record(_ id: UUID, _ form: SideEffectForm, context: VigilContext) async throws -> DosingSession {
        let name = context.identity!.user.name
        return try await database.changeSession(id: id, by: context.actor) { session, tx, _ in
            let effect = try session.record(form, byName: name, at: tx.now)
            return "side effect: \(effect.kind.rawValue) (\(effect.severity.rawValue))"
        }
    }

    struct Resolution: Decodable {
        let at: String?
    }

    func resolve(_ id: UUID, sideEffect: UUID, at time: String?, context: VigilContext) async throws -> DosingSession {
        let name = context.identity!.user.name
        return try await database.changeSession(id: id, by: context.actor) { session, tx, _ in
            try session.resolveSideEffect(id: sideEffect, at: time, byName: name, now: tx.now)
            return "side effect resolved: \(session.sideEffects.first { $0.id == sideEffect }!.kind.rawValue)"
        }
    }

    func signOff(_ id: UUID, note: String?, context: VigilContext) async throws -> DosingSession {
        let name = context.identity!.user.name
        return try await database.changeSession(id: id, by: context.actor) { session, tx, _ in
            try session.signOff(note: note, byName: name, at: tx.now)
            return "signed off for discharge"
        }
    }

    func submitted(_ id: UUID, on text: String?, reference: String?, context: VigilContext) async throws -> DosingSession {
        let name = context.identity!.user.name
        let today = calendar.today
        guard let day = text.map({ CalendarDate($0) }) ?? today else { throw ValidationError("submittedOn", "must be a date in YYYY-MM-DD form") }
        return try await database.changeSession(id: id, by: context.actor) { session, _, _ in
            try session.submitRems(on: day, reference: reference, byName: name, today: today)
            return "REMS monitoring form submitted on \(day)"
        }
    }
}

/// One line of the REMS form queue.
struct RemsQueueItem: Encodable, Sendable {
    let sessionId: String
    let patientName: String
    let date: String
    let dueBy: String
    let state: String
    let submittedOn: String?

    init(_ session: DosingSession, today: CalendarDate) {
        sessionId = session.id.lowercased
        patientName = session.patientName
        date = session.date.description
        dueBy = session.remsDueBy?.description ?? ""
        submittedOn = session.remsSubmission?.submittedOn.description
        state = session.remsState(today: today)?.rawValue ?? ""
    }
}
