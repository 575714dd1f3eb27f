import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// Treatment courses: planning, status, dose orders, preparation, the plasma preview, booster
/// advice and booking the planned sessions.
struct CoursesAPI {
    static let create = Endpoint(.post, "/api/v1/patients/{id}/courses", .api, .permission(.prescribe),
                                 "Start a course under a protocol; refused with the reason without a signed eligible decision, a current consent, a recent weight (weight-based doses) or REMS enrollment (esketamine)",
                                 .init(request: "NewCourse", status: 201, response: "Course"))
    static let list = Endpoint(.get, "/api/v1/patients/{id}/courses", .api, .permission(.viewClinical),
                               "The patient's courses, newest first, each with its plan", .init(response: "CourseList"))
    static let read = Endpoint(.get, "/api/v1/courses/{id}", .api, .permission(.viewClinical),
                               "A course with its planned sessions (four weeks ahead for open-ended phases) and bookings", .init(response: "Course"))
    static let status = Endpoint(.post, "/api/v1/courses/{id}/status", .api, .permission(.prescribe),
                                 "Move a course: planned → active ⇄ paused → completed or stopped (pause and stop need a reason); illegal moves get 409",
                                 .init(request: "CourseStatusChange", response: "Course"))
    static let orderDose = Endpoint(.post, "/api/v1/courses/{id}/dose-orders", .api, .permission(.prescribe),
                                    "A prescriber's dose order from a session on, with a reason; outside the protocol's range only with an override reason, never above its maximum",
                                    .init(request: "DoseOrder", status: 201, response: "Course"))
    static let preparation = Endpoint(.get, "/api/v1/courses/{id}/preparation", .api, .permission(.viewClinical),
                                      "What to draw up for a session: volume from the vial, and for an infusion the bag, concentration and pump rate",
                                      .init(response: "Preparation", query: [
                                          QueryParameter("session", "integer", "session number (default: the next planned)"),
                                          QueryParameter("vialMgPerMl", "number", "10, 50 or 100"),
                                          QueryParameter("bagMl", "number", "diluent bag volume for an infusion"),
                                      ]))
    static let plasma = Endpoint(.get, "/api/v1/courses/{id}/plasma", .api, .permission(.viewClinical),
                                 "Plasma-concentration preview for an IV or IM session (Clements model): a population estimate, not a dosing instruction",
                                 .init(response: "PlasmaPreview", query: [QueryParameter("session", "integer", "session number (default: the next planned)")]))
    static let advice = Endpoint(.get, "/api/v1/courses/{id}/advice", .api, .permission(.viewClinical),
                                 "Open booster and futility advice, with the scores behind it", .init(response: "AdviceList"))
    static let decide = Endpoint(.post, "/api/v1/courses/{id}/advice/decisions", .api, .permission(.prescribe),
                                 "Accept advice (planning a booster session) or dismiss it with a note", .init(request: "AdviceDecision", response: "Course"))
    static let slots = Endpoint(.get, "/api/v1/courses/{id}/slots", .api, .permission(.manageSchedule),
                                "Free chairs and times proposed for the course's unbooked planned sessions",
                                .init(response: "SlotList", query: [QueryParameter("startTime", "string", "earliest time of day, HH:MM")]))
    static let book = Endpoint(.post, "/api/v1/courses/{id}/bookings", .api, .permission(.manageSchedule),
                               "Book the proposed slots for the sessions named (all unbooked planned sessions when none are named)",
                               .init(request: "CourseBooking", status: 201, response: "SlotList"))

    let database: Database
    let calendar: ClinicCalendar

    struct StatusForm: Decodable {
        let to: String?
        let reason: String?
    }

    struct OrderForm: Decodable {
        let doseMgPerKg: Double?
        let doseMg: Double?
        let fromSession: Int?
        let reason: String?
        let overrideReason: String?
    }

    struct DecisionForm: Decodable {
        let key: String?
        let decision: String?
        let note: String?
        let boosterDate: String?
    }

    struct BookingForm: Decodable {
        let sessions: [Int]?
        let startTime: String?
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.create) { request, context in
            var request = request
            let form = try await request.decodeJSON(CoursePlanForm.self, context: context)
            let course = try await start(form, patientID: try context.uuidParameter("id"), context: context)
            return try .json(CourseDTO(course, today: calendar.today, days: try context.site(course.siteID).clinicDays), status: .created)
        }
        router.add(Self.list) { _, context in
            let file = try await database.patientFile(id: try context.uuidParameter("id"), parts: [.courses, .appointments], by: context.actor)
            return try .json(ListDTO(items: try file.courses.map {
                CourseDTO($0, appointments: file.appointments, today: calendar.today, days: try context.site($0.siteID).clinicDays)
            }))
        }
        router.add(Self.read) { _, context in
            let file = try await database.courseFile(id: try context.uuidParameter("id"), by: context.actor)
            return try .json(CourseDTO(file.course, appointments: file.appointments, today: calendar.today, days: file.site.clinicDays))
        }
        router.add(Self.status) { request, context in
            var request = request
            let form = try await request.decodeJSON(StatusForm.self, context: context)
            let course = try await changeStatus(form, courseID: try context.uuidParameter("id"), context: context)
            return try .json(CourseDTO(course, today: calendar.today, days: try context.site(course.siteID).clinicDays))
        }
        router.add(Self.orderDose) { request, context in
            var request = request
            let form = try await request.decodeJSON(OrderForm.self, context: context)
            let course = try await order(form, courseID: try context.uuidParameter("id"), context: context)
            return try .json(CourseDTO(course, today: calendar.today, days: try context.site(course.siteID).clinicDays), status: .created)
        }
        router.add(Self.preparation) { request, context in
            var query = QueryReader(request.uri.queryParameters)
            let number = query.parsed("session", "must be a session number", Int.init)
            let vial = query.parsed("vialMgPerMl", "must be a number", Double.init)
            let bag = query.parsed("bagMl", "must be a number", Double.init)
            try query.validator.finish()
            let file = try await database.courseFile(id: try context.uuidParameter("id"), by: context.actor)
            let session = try session(number, of: file)
            let prepared = try InfusionPreparation.calculate(doseMg: session.dose.mg, vialMgPerML: vial, bagML: bag,
                                                             infusionMinutes: session.infusionMinutes)
            return try .json(PreparationDTO(session: session.number, prepared))
        }
        router.add(Self.plasma) { request, context in
            var query = QueryReader(request.uri.queryParameters)
            let number = query.parsed("session", "must be a session number", Int.init)
            try query.validator.finish()
            let file = try await database.courseFile(id: try context.uuidParameter("id"), by: context.actor)
            let session = try session(number, of: file)
            guard let preview = try Self.preview(file, session: session) else {
                throw ValidationError("route", "the preview covers IV and IM ketamine; \(file.course.treatmentProtocol.route.title) is not modelled")
            }
            return try .json(PlasmaDTO(preview))
        }
        router.add(Self.advice) { _, context in
            let file = try await database.courseFile(id: try context.uuidParameter("id"), by: context.actor)
            let advice = file.openAdvice(settings: try await database.clinicSettings(), today: calendar.today, timeZone: calendar.timeZone)
            return try .json(ListDTO(items: advice.map(AdviceDTO.init)))
        }
        router.add(Self.decide) { request, context in
            var request = request
            let form = try await request.decodeJSON(DecisionForm.self, context: context)
            let course = try await decide(form, courseID: try context.uuidParameter("id"), context: context)
            return try .json(CourseDTO(course, today: calendar.today, days: try context.site(course.siteID).clinicDays))
        }
        router.add(Self.slots) { request, context in
            let start = try Self.startTime(QueryReader(request.uri.queryParameters).value("startTime"))
            let proposals = try await database.proposeSlots(courseID: try context.uuidParameter("id"), today: calendar.today,
                                                            earliestStart: start, by: context.actor)
            return try .json(ListDTO(items: proposals.proposals.map { SlotDTO($0, booked: false) }))
        }
        router.add(Self.book) { request, context in
            var request = request
            let form = try await request.decodeJSON(BookingForm.self, context: context)
            let booked = try await book(courseID: try context.uuidParameter("id"), sessions: form.sessions, startTime: form.startTime, context: context)
            return try .json(ListDTO(items: booked.map { SlotDTO($0, booked: true) }), status: .created)
        }
    }

    /// Shared with the pages.
    func start(_ form: CoursePlanForm, patientID: UUID, context: VigilContext) async throws -> Course {
        try await database.startCourse(patientID: patientID, form: form, today: calendar.today, prescriber: context.identity!.user, by: context.actor)
    }

    func changeStatus(_ form: StatusForm, courseID: UUID, context: VigilContext) async throws -> Course {
        var validator = Validator()
        let next: CourseStatus? = validator.choice(form.to, "to")
        try validator.finish()
        return try await database.changeCourseStatus(id: courseID, to: next!, reason: form.reason, today: calendar.today, by: context.actor)
    }

    func order(_ form: OrderForm, courseID: UUID, context: VigilContext) async throws -> Course {
        try await database.orderDose(courseID: courseID, doseMgPerKg: form.doseMgPerKg, doseMg: form.doseMg, fromSession: form.fromSession,
                                     reason: form.reason, overrideReason: form.overrideReason, today: calendar.today,
                                     prescriber: context.identity!.user, by: context.actor)
    }

    func decide(_ form: DecisionForm, courseID: UUID, context: VigilContext) async throws -> Course {
        var validator = Validator()
        validator.check(!(form.key ?? "").isEmpty, "key", "is required: the advice's key")
        validator.check(form.decision == "accept" || form.decision == "dismiss", "decision", "must be accept or dismiss")
        let date = form.boosterDate.flatMap(CalendarDate.init)
        validator.check(form.boosterDate == nil || date != nil, "boosterDate", "must be a date in YYYY-MM-DD form")
        try validator.finish()
        return try await database.decideBoosterAdvice(courseID: courseID, key: form.key!, accept: form.decision == "accept", note: form.note,
                                                      boosterDate: date, settings: try await database.clinicSettings(), today: calendar.today,
                                                      timeZone: calendar.timeZone, prescriber: context.identity!.user, by: context.actor)
    }

    func book(courseID: UUID, sessions: [Int]?, startTime: String?, context: VigilContext) async throws -> [SlotFinder.Proposal] {
        let start = try Self.startTime(startTime)
        return try await database.bookCourseSessions(courseID: courseID, numbers: sessions, today: calendar.today, earliestStart: start, by: context.actor)
    }

    static func startTime(_ text: String?) throws(ValidationError) -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard let minutes = OpeningHours.minutes(text) else { throw ValidationError("startTime", "must be a time as HH:MM") }
        return minutes
    }

    /// The session asked for, else the next planned one from today, else the last.
    func session(_ number: Int?, of file: CourseFile) throws -> PlannedSession {
        let course = file.course, days = file.site.clinicDays
        let plan = course.plannedSessions(today: calendar.today, days: days)
        if let number {
            guard let found = plan.first(where: { $0.number == number }) else {
                throw ValidationError("session", "must be one of the course's \(plan.count) planned sessions")
            }
            return found
        }
        guard let next = course.nextSession(today: calendar.today, days: days) else {
            throw ValidationError("session", "the course has no planned sessions")
        }
        return next
    }

    /// The preview for a session at the weight its dose was ordered with, else the latest weight.
    static func preview(_ file: CourseFile, session: PlannedSession) throws -> PlasmaPreview? {
        let weight = file.course.order(forSession: session.number)?.weight?.kg ?? file.patient.weight?.kg
        guard let weight else { throw ValidationError("weight", "has never been recorded; the preview needs one") }
        return PlasmaPreview.make(route: file.course.treatmentProtocol.route, doseMg: session.dose.mg, weightKg: weight,
                                  infusionMinutes: session.infusionMinutes)
    }
}

/// The drawing-up steps for one session.
struct PreparationDTO: Encodable, Sendable {
    let session: Int
    let doseMg: Double
    let vialMgPerMl: Double
    let drawMl: Double
    let bagMl: Double?
    let totalMl: Double?
    let finalMgPerMl: Double?
    let infusionMinutes: Int?
    let pumpMlPerHour: Double?
    let steps: [String]

    init(session: Int, _ p: InfusionPreparation) {
        self.session = session
        doseMg = p.doseMg
        vialMgPerMl = p.vialMgPerML
        drawMl = p.drawML
        bagMl = p.bagML
        totalMl = p.totalML
        finalMgPerMl = p.finalMgPerML.map { ($0 * 10_000).rounded() / 10_000 }
        infusionMinutes = p.infusionMinutes
        pumpMlPerHour = p.pumpMLPerHour
        steps = p.steps
    }
}

extension PlasmaDTO {
    init(_ preview: PlasmaPreview) {
        self.init(model: preview.model.name, source: preview.model.source, doseMg: preview.doseMg, weightKg: preview.weightKg,
                  infusionMinutes: preview.infusionMinutes, peakNgPerMl: (preview.peak.ngPerML * 10).rounded() / 10,
                  peakMinute: preview.peak.minute,
                  dissociationBandNgPerMl: [PlasmaModel.dissociationBand.lowerBound, PlasmaModel.dissociationBand.upperBound],
                  caution: preview.caution.joined(separator: " "),
                  points: preview.points.filter { Int($0.minute) % 5 == 0 }.map { Point(minute: $0.minute, ngPerMl: ($0.ngPerML * 10).rounded() / 10) })
    }
}
