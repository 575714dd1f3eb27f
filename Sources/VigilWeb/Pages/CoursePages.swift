import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// A course's page — plan, bookings, dose orders, drawing up, the plasma preview and booster
/// advice — and the chart form that starts a course.
struct CoursePages {
    let database: Database
    let courses: CoursesAPI
    let chart: ChartPage
    let calendar: ClinicCalendar
    let pages: PageRenderer

    struct View {
        struct Session {
            let number: Int
            let date: String
            let phase: String
            let dose: String
            let booking: String?
            let bookingLink: String?
            /// The session's record: its state and the dose given.
            let record: String?
            let recordLink: String?
            let past: Bool
        }

        struct Order {
            let from: Int
            let dose: String
            let weight: String?
            let reason: String
            let override: String?
            let by: String
        }

        struct Advice {
            let key: String
            let kind: String
            let title: String
            let reasons: [String]
        }

        struct Transition {
            let to: String
            let label: String
            let needsReason: Bool
        }

        let shell: Shell
        let id: String
        let patientName: String
        let chartLink: String
        let name: String
        let reference: String
        let offLabel: Bool
        let source: String
        let status: String
        let statusClass: String
        let statusReason: String?
        let schedule: [String]
        let boosterNote: String?
        let sessions: [Session]
        let plannedCount: Int
        let orders: [Order]
        let currentDose: String?
        let doseField: String
        let doseUnit: String
        let range: String
        let hardMaximum: String
        let transitions: [Transition]
        let advice: [Advice]
        let mayPrescribe: Bool
        let bookLink: String?
        let preparation: [String]
        let preparationErrors: [FieldError]
        let vials: [SelectOption]
        let bagMl: String
        let infusion: Bool
        let preparable: Bool
        let plasmaSVG: String?
        let plasmaCaution: [String]
        let plasmaPeak: String?
        let links: [String: String]
        let today: String
        let message: String?
        let errors: [FieldError]
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.planCourse) { request, context in
            let patientID = try context.uuidParameter("id")
            return try await FormBody.submit(request, context, { form in
                var validator = Validator()
                let dose = form.number("dose", into: &validator)
                let perWeek = form.number("sessionsPerWeek", into: &validator).map { Int($0) }
                try validator.finish()
                // The chart's one dose field is read in the unit of the protocol chosen.
                let weightBased = try await database.treatmentProtocols().first { $0.id == form["protocol"] }?.dosing.isWeightBased ?? false
                let started = try await courses.start(CoursePlanForm(protocolID: form["protocol"], startDate: form["startDate"],
                                                                     doseMgPerKg: weightBased ? dose : nil, doseMg: weightBased ? nil : dose,
                                                                     sessionsPerWeek: perWeek, overrideReason: form["overrideReason"],
                                                                     indicationNote: form["indicationNote"], indicationOverride: form["indicationOverride"],
                                                                     concurrentCourseReason: form["concurrentCourseReason"]),
                                                      patientID: patientID, context: context)
                return ("Planned \(started.treatmentProtocol.name) from \(started.startDate).", PageEndpoints.course.link(started.id.lowercased))
            }) { errors in
                try await chart.chart(id: patientID, context: context, message: nil, errors: errors, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.course) { request, context in
            try await page(try context.uuidParameter("id"), request: request, context: context,
                           message: request.uri.queryParameters["done"].map(String.init), errors: [], status: .ok)
        }
        router.add(PageEndpoints.courseStatus) { request, context in
            try await handle(request, context) { form, id in
                let course = try await courses.changeStatus(.init(to: form["to"], reason: form["reason"]), courseID: id, context: context)
                return "The course is now \(course.status.rawValue)."
            }
        }
        router.add(PageEndpoints.orderDose) { request, context in
            try await handle(request, context) { form, id in
                var validator = Validator()
                let from = form.number("fromSession", into: &validator).map { Int($0) }
                let order = CoursesAPI.OrderForm(doseMgPerKg: form.number("doseMgPerKg", into: &validator), doseMg: form.number("doseMg", into: &validator),
                                                 fromSession: from, reason: form["reason"], overrideReason: form["overrideReason"])
                try validator.finish()
                let course = try await courses.order(order, courseID: id, context: context)
                return "Ordered \(course.currentOrder?.dose.shown ?? "") from session \(course.currentOrder?.fromSession ?? 0)."
            }
        }
        router.add(PageEndpoints.decideAdvice) { request, context in
            try await handle(request, context) { form, id in
                _ = try await courses.decide(.init(key: form["key"], decision: form["decision"], note: form["note"], boosterDate: form["boosterDate"]),
                                             courseID: id, context: context)
                return form["decision"] == "accept" ? "Booster planned for \(form["boosterDate"] ?? calendar.today.description)." : "Advice dismissed."
            }
        }
    }

    private func handle(_ request: Request, _ context: VigilContext, _ action: (FormBody, UUID) async throws -> String) async throws -> Response {
        let id = try context.uuidParameter("id")
        return try await FormBody.submit(request, context, returningTo: PageEndpoints.course.link(id.lowercased), { try await action($0, id) }) { errors in
            try await page(id, request: nil, context: context, message: nil, errors: errors, status: .unprocessableContent)
        }
    }

    private func page(_ id: UUID, request: Request?, context: VigilContext, message: String?, errors: [FieldError],
                      status: HTTPResponse.Status) async throws -> Response {
        let file = try await database.courseFile(id: id, by: context.actor)
        let settings = try await database.clinicSettings()
        let course = file.course, used = course.treatmentProtocol, dosing = used.dosing
        let today = calendar.today
        let role = context.identity!.user.role
        let plan = course.plannedSessions(today: today, days: file.site.clinicDays)
        let booked = file.appointments.bookedBySession(of: course.id)
        // A number opened again after a no-show shows the session that holds it.
        let recorded = Dictionary(file.sessions.map { ($0.sessionNumber, $0) }, uniquingKeysWith: { first, later in later.holdsItsNumber ? later : first })
        // Drawing up: for the next session, with the vial and bag asked for. The vial defaults to the
        // strength of the lot that will be drawn — the soonest-expiring usable ketamine lot in stock —
        // and to nothing when there is none (clinic-day issue, finding 7); the bag to 100 mL.
        let next = course.nextSession(today: today, days: file.site.clinicDays)
        let query = request?.uri.queryParameters
        let preparable = used.drug == .ketamine && (used.route == .ivKetamine || used.route == .imKetamine)
        let stock = preparable ? try await database.ledgerBalances(site: course.siteID).flatMap(\.lots)
            .filter { $0.units > 0 && !$0.lot.isExpired(on: today) && $0.product.suits(used.route) && $0.product.mgPerMl != nil }
            .sorted { $0.lot.expiresOn < $1.lot.expiresOn } : []
        let vial = query?["vialMgPerMl"].flatMap { Double(String($0)) } ?? stock.first?.product.mgPerMl
        let bag = query?["bagMl"].flatMap { Double(String($0)) } ?? 100
        var steps: [String] = [], preparationErrors: [FieldError] = []
        if preparable, let next, let vial {
            do {
                steps = ["Session \(next.number) (\(next.plannedDate)): \(next.dose.shown)."]
                    + (try InfusionPreparation.calculate(doseMg: next.dose.mg, vialMgPerML: vial, bagML: next.infusionMinutes == nil ? nil : bag,
                                                         infusionMinutes: next.infusionMinutes)).steps
            } catch { preparationErrors = error.errors }
        }
        let preview = next.flatMap { try? CoursesAPI.preview(file, session: $0) }
        let idText = id.lowercased
        let view = View(
            shell: Shell(title: used.name, context: context, current: PageEndpoints.patients.path), id: idText,
            patientName: file.patient.fullName, chartLink: PageEndpoints.chart.link(file.patient.id.lowercased), name: used.name,
            reference: used.reference, offLabel: used.offLabel, source: used.source, status: course.status.rawValue,
            statusClass: course.status == .active ? "good" : course.hasEnded ? "muted" : "warn", statusReason: course.statusReason,
            schedule: zip(used.phases, course.cadences).map { phase, cadence in
                "\(phase.kind.rawValue.capitalized): \(phase.sessions.map { "\($0) sessions" } ?? "ongoing, planned four weeks ahead"), \(cadence.shown) — \(phase.note)"
            },
            boosterNote: used.boosterNote,
            sessions: plan.map { session in
                let booking = booked[session.number], record = recorded[session.number]
                let at = (context.identity?.sites ?? []).whereShown
                return View.Session(number: session.number, date: "\(OpeningHours.dayName(session.plannedDate.weekday)) \(session.plannedDate)",
                                    phase: session.phase.rawValue, dose: session.dose.shown,
                                    booking: booking.map { "\($0.date) \($0.timeRange), \($0.chair)\(at($0.siteID))" },
                                    bookingLink: booking.map { PageEndpoints.appointment.link($0.id.lowercased) },
                                    record: record.map { "\($0.date) \($0.status.title.lowercased())\($0.administration.map { ", \(Dose.formatted($0.doseMg)) mg given" } ?? "")\(at($0.siteID))" },
                                    recordLink: record.map { PageEndpoints.session.link($0.id.lowercased) }, past: session.plannedDate < today)
            },
            plannedCount: plan.count,
            orders: course.orders.sorted { $0.orderedAt > $1.orderedAt }.map { order in
                View.Order(from: order.fromSession, dose: order.dose.shown,
                           weight: order.weight.map { "\(Dose.formatted($0.kg)) kg on \($0.measuredOn)" }, reason: order.reason,
                           override: order.overrideReason, by: "\(order.orderedByName), \(order.orderedAt.shown)")
            },
            currentDose: course.currentOrder?.dose.shown, doseField: dosing.isWeightBased ? "doseMgPerKg" : "doseMg", doseUnit: dosing.unit.rawValue,
            range: "\(dosing.shown(dosing.lowest))–\(dosing.shown(dosing.highest)) (\(dosing.rangeSource))",
            hardMaximum: "\(dosing.shown(dosing.hardMaximum)) (\(dosing.hardMaximumSource))",
            transitions: role.may(.prescribe) ? course.status.allowedNext.map { View.Transition(to: $0.rawValue, label: $0.action, needsReason: $0.needsReason) } : [],
            advice: file.openAdvice(settings: settings, today: today, timeZone: calendar.timeZone).map {
                View.Advice(key: $0.key, kind: $0.kind.rawValue, title: $0.title, reasons: $0.reasons)
            },
            mayPrescribe: role.may(.prescribe) && !course.hasEnded,
            bookLink: role.may(.manageSchedule) && !course.hasEnded ? PageEndpoints.bookCourse.link(idText) : nil,
            preparation: steps, preparationErrors: preparationErrors,
            vials: Set(InfusionPreparation.vialStrengths + stock.compactMap(\.product.mgPerMl)).sorted().map { strength in
                let lot = stock.first { $0.product.mgPerMl == strength }
                return SelectOption(value: Dose.formatted(strength),
                                    label: "\(Dose.formatted(strength)) mg/mL" + (lot.map { " — lot \($0.lot.lotNumber) in stock" } ?? ""), selected: strength == vial)
            },
            bagMl: Dose.formatted(bag), infusion: next?.infusionMinutes != nil, preparable: preparable,
            plasmaSVG: preview.map { PlasmaChart(preview: $0).svg }, plasmaCaution: preview?.caution ?? [],
            plasmaPeak: preview.map { "Estimated peak \(Int($0.peak.ngPerML.rounded())) ng/mL at \(Int($0.peak.minute)) minutes." },
            links: ["status": PageEndpoints.courseStatus.link(idText), "order": PageEndpoints.orderDose.link(idText),
                    "advice": PageEndpoints.decideAdvice.link(idText), "self": PageEndpoints.course.link(idText)],
            today: today.description, message: message, errors: errors)
        return pages.page("course", view, status: status)
    }
}
