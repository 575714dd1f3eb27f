import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// A dosing session at the chair: readiness and the BP gate, the dose, vitals with alerts, side
/// effects, discharge, and the printable REMS monitoring form. Opened from a booking on the board.
struct SessionPages {
    let database: Database
    let sessions: SessionsAPI
    let calendar: ClinicCalendar
    let pages: PageRenderer

    struct View {
        struct Row {
            let time: String
            let bloodPressure: String
            let heartRate: Int
            let spo2: Int
            let sedation: String
            let alerts: String
        }

        let shell: Shell
        let id: String
        let patientName: String
        let chartLink: String
        let boardLink: String
        let title: String
        let status: String
        let readinessStatus: String
        let readinessReasons: [String]
        let acknowledged: String?
        let mayAcknowledge: Bool
        let alerts: [String]
        let nextDue: String?
        let overdue: Bool
        let administration: String?
        let mayAdminister: Bool
        /// Ledger lots the dose can be drawn from; what was drawn; the remainder to waste.
        let ledgerLots: [SelectOption]
        let ledger: String?
        let wasteLink: String?
        struct Effect: Encodable {
            let id: String
            let text: String
            let open: Bool
        }

        let esketamine: Bool
        let isIV: Bool
        let deviceTimes: [Device]
        let supervisors: [SelectOption]
        let vitals: [Row]
        let chart: String?
        let sideEffects: [Effect]
        let effectKinds: [SelectOption]
        let severities: [SelectOption]
        let discharge: [String]
        let dischargeReady: Bool
        let earliest: String?
        let signedOff: String?
        let moves: [SelectOption]
        let history: [String]
        let checklist: [Question]
        let medications: [SelectOption]
        let pregnancy: [SelectOption]
        let remsLink: String?
        /// Scales taken in this session (a pre-dose measure, CADSS-6 after the dose), and the form that enters one.
        let measures: [String]
        let measureAction: String
        let instruments: [SelectOption]
        let measureTiming: String
        /// The periodic safety review, when due.
        let safetyReview: String?
        let safetyReviewLink: String
        let mayDocument: Bool
        let ended: Bool
        let message: String?
        let errors: [FieldError]

        struct Device {
            let name: String
            let number: Int
        }

        struct Question {
            let name: String
            let label: String
            let yes: Bool
            let no: Bool
        }
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.startSession) { request, context in
            let appointment = try context.uuidParameter("id")
            return try await FormBody.submit(request, context, { _ in
                let session = try await database.openSession(.appointment(appointment), today: calendar.today, by: context.actor)
                _ = try await sessions.move(session.id, to: SessionStatus.checkedIn.rawValue, note: nil, context: context)
                return ("\(session.patientName) checked in.", PageEndpoints.session.link(session.id.lowercased))
            }) { errors in
                throw Problem(.conflict, errors.map { "\($0.field) \($0.message)" }.joined(separator: " "))
            }
        }
        router.add(PageEndpoints.session) { request, context in
            try await page(try context.uuidParameter("id"), context: context, message: request.uri.queryParameters["done"].map(String.init), errors: [])
        }
        router.add(PageEndpoints.sessionAction) { request, context in
            let id = try context.uuidParameter("id")
            return try await FormBody.submit(request, context, returningTo: PageEndpoints.session.link(id.lowercased), { form in
                try await act(id, form, context: context)
            }) { errors in
                try await page(id, context: context, message: nil, errors: errors, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.remsQueue) { _, context in
            let today = calendar.today
            let found = try await database.remsQueue(since: today.adding(days: -30), site: context.siteID, by: context.actor)
            return pages.page("rems-queue", QueueView(shell: Shell(title: "REMS monitoring forms", context: context, current: PageEndpoints.remsQueue.path),
                                                      rows: found.map { session in
                                                          let item = RemsQueueItem(session, today: today)
                                                          return QueueView.Row(item: item, link: PageEndpoints.remsForm.link(item.sessionId),
                                                                               overdue: item.state == "overdue")
                                                      }))
        }
        router.add(PageEndpoints.remsForm) { _, context in
            let file = try await database.remsForm(id: try context.uuidParameter("id"), by: context.actor)
            return pages.page("rems-form", RemsView(shell: Shell(title: "REMS monitoring form", context: context, current: PageEndpoints.board.path),
                                                    form: file.form, session: file.session, today: calendar.today))
        }
    }

    struct QueueView {
        struct Row {
            let item: RemsQueueItem
            let link: String
            let overdue: Bool
        }

        let shell: Shell
        let rows: [Row]
    }

    struct RemsView {
        let shell: Shell
        let title: String
        let patientName: String
        let fields: [RemsMonitoringForm.Field]
        let dueBy: String
        let submitted: String?
        let overdue: Bool
        let sessionLink: String

        init(shell: Shell, form: RemsMonitoringForm, session: DosingSession, today: CalendarDate) {
            self.shell = shell
            title = form.version.title
            patientName = session.patientName
            fields = form.fields
            dueBy = form.dueBy.description
            submitted = form.submission.map { "Submitted on \($0.submittedOn) by \($0.byName)\($0.reference.map { ", confirmation \($0)" } ?? "")" }
            overdue = form.submission == nil && today > form.dueBy
            sessionLink = PageEndpoints.session.link(session.id.lowercased)
        }
    }

    /// One form on the page, named by its `action` field.
    private func act(_ id: UUID, _ form: FormBody, context: VigilContext) async throws -> String {
        switch form["action"] {
        case "move":
            let moved = try await sessions.move(id, to: form["to"], note: form["note"], context: context)
            return "Now \(moved.status.title.lowercased())."
        case "checklist":
            let checklist = ReadinessChecklist(
                noFoodForTwoHours: form.yesNo("noFoodForTwoHours"), noLiquidsForThirtyMinutes: form.yesNo("noLiquidsForThirtyMinutes"),
                noNasalSprayWithinHour: form.yesNo("noNasalSprayWithinHour"), rideConfirmed: form.yesNo("rideConfirmed"),
                noDrivingAcknowledged: form.yesNo("noDrivingAcknowledged"), pregnancy: form["pregnancy"].flatMap(PregnancyStatus.init),
                newMedications: form["medicationsAsked"] == "yes" ? form.ticked("medication").compactMap(ConcomitantMedication.init) : nil,
                note: form["note"])
            _ = try await sessions.answer(id, checklist, context: context)
            return "Checklist saved."
        case "acknowledge":
            guard context.identity!.user.role.may(.prescribe) else { throw Problem(.forbidden, "Only a prescriber acknowledges a caution.") }
            _ = try await sessions.acknowledge(id, note: form["note"], context: context)
            return "Caution acknowledged."
        case "vitals":
            var validator = Validator()
            let numbers = ["systolic", "diastolic", "heartRate", "spo2", "sedation"].map { form.number($0, into: &validator).map { Int($0) } }
            try validator.finish()
            let saved = try await sessions.record(id, VitalSignsForm(takenAt: form.localInstant("takenAt", in: calendar.timeZone), systolic: numbers[0], diastolic: numbers[1], heartRate: numbers[2], spo2: numbers[3],
                                                                    sedation: numbers[4]), context: context)
            let alerts = saved.openAlerts(rules: try await database.clinicSettings().sessionRules)
            return alerts.isEmpty ? "Vitals saved." : "Vitals saved. ALERT: " + alerts.map(\.message).joined(separator: "; ")
        case "administer":
            var validator = Validator()
            let dose = form.number("doseMg", into: &validator)
            let rate = form.number("pumpRateMlPerHour", into: &validator)
            let volume = form.number("volumeMl", into: &validator)
            try validator.finish()
            let typed = (0..<6).compactMap { form.localInstant("deviceTime\($0)", in: calendar.timeZone) }
            let devices = typed.isEmpty ? nil : typed
            let lotID = form["lotId"].flatMap { $0.isEmpty ? nil : $0 }
            guard lotID == nil || UUID(uuidString: lotID!) != nil else { throw ValidationError("lotId", "must be a lot in the ledger") }
            // A start time is typed, or "Started now" pressed: the form never supplies one itself.
            let started = form.localInstant("startedAt", in: calendar.timeZone)
            let deviceForm = form.values.keys.contains { $0.hasPrefix("deviceTime") }
            if !deviceForm, started == nil, form["startedNow"] != "yes" {
                throw ValidationError("startedAt", "enter when the dose started, or press “Record dose, started now”")
            }
            let given = try await database.recordAdministration(id: id, AdministrationForm(
                doseMg: dose, lot: form["lot"], startedAt: started, deviceTimes: devices,
                pumpRateMlPerHour: rate, volumeMl: volume, supervisedBy: form["supervisedBy"], note: form["note"]),
                drawingFrom: lotID.flatMap(UUID.init(uuidString:)), by: context.identity!.user, actor: context.actor, timeZone: calendar.timeZone)
            return lotID == nil ? "Dose recorded." : "Dose recorded and drawn from lot \(given.administration!.lot) in the ledger."
        case "side-effect":
            _ = try await sessions.record(id, SideEffectForm(kind: form["kind"], severity: form["severity"],
                                                                at: form.localInstant("at", in: calendar.timeZone), intervention: form["intervention"]), context: context)
            return "Side effect recorded."
        case "resolve-side-effect":
            guard let effect = form["effectId"].flatMap(UUID.init(uuidString:)) else { throw ValidationError("effectId", "must name a side effect") }
            _ = try await sessions.resolve(id, sideEffect: effect, at: form.localInstant("at", in: calendar.timeZone), context: context)
            return "Side effect documented as resolved."
        case "sign-off":
            _ = try await sessions.signOff(id, note: form["note"], context: context)
            return "Signed off."
        case "rems-submitted":
            _ = try await sessions.submitted(id, on: form["submittedOn"]?.nilIfEmpty, reference: form["reference"], context: context)
            return "REMS form marked submitted."
        default:
            throw ValidationError("action", "is not a session action")
        }
    }

    private func clock(_ date: Date) -> String { calendar.clockTime(date) }

    /// Lots in the ledger a session's dose can come from: in stock, not expired, of a product the route draws from.
    private func drawableLots(for session: DosingSession) async throws -> [SelectOption] {
        let today = calendar.today
        return try await database.ledgerBalances(site: session.siteID).flatMap(\.lots)
            .filter { $0.units > 0 && !$0.lot.isExpired(on: today) && $0.product.suits(session.route) }
            .sorted { $0.lot.expiresOn < $1.lot.expiresOn }
            .enumerated().map { index, lot in
                SelectOption(value: lot.lot.id.lowercased, label: "\(lot.lot.lotNumber) — \(lot.product.name) \(lot.product.strength), holds \(lot.product.shown(lot.units)), expires \(lot.lot.expiresOn)",
                             selected: index == 0)
            }
    }

    /// What the ledger holds for the session's dose, and a link to waste the opened vial's rest with a witness.
    private func ledgerDraw(_ session: DosingSession, context: VigilContext) async throws -> (text: String?, wasteLink: String?) {
        guard let dose = SessionDose(session), context.identity!.user.role.may(.viewLedger) else { return (nil, nil) }
        let lines = try await database.ledgerLines(LedgerFilter(patientID: session.patientID, from: session.date, through: session.date,
                                                                page: Page(number: 1, size: Page.maximumSize)),
                                                   timeZone: calendar.timeZone, by: context.actor).items.filter { $0.correctedBy == nil }
        guard let drawn = lines.first(where: { $0.entry.kind == .administration && $0.entry.sessionID == session.id }) else {
            return ("Not drawn from a lot in the ledger.", nil)
        }
        var text = "Drawn from lot \(drawn.lot.lotNumber) in the ledger: \(drawn.product.shown(drawn.entry.quantity))."
        let wasted = lines.filter { $0.entry.kind == .waste && $0.lot.id == drawn.lot.id && $0.entry.occurredAt >= drawn.entry.occurredAt }
        if !wasted.isEmpty {
            text += " Remainder wasted: " + wasted.map { "\($0.product.shown($0.entry.quantity)), witnessed by \($0.entry.witnesses.map(\.name).joined(separator: " and "))" }
                .joined(separator: "; ") + "."
            return (text, nil)
        }
        if drawn.product.multiDose {
            return (text + " The vial is multi-dose: what the dose left stays in stock for the next dose until it is discarded (then record its waste with a witness).", nil)
        }
        guard let remainder = dose.remainder(of: drawn.product), context.identity!.user.role.may(.recordLedger) else { return (text, nil) }
        let link = PageEndpoints.ledgerEntry.link(query: ["type": "waste", "lotId": drawn.lot.id.lowercased, "patientId": session.patientID.lowercased,
                                         "quantity": Dose.formatted(remainder), "note": "Remainder of the opened vial",
                                         "returnTo": PageEndpoints.session.link(session.id.lowercased)])
        return (text + " The opened vial's remainder, \(drawn.product.shown(remainder)), is to be wasted with a witness.",
                link)
    }

    private func page(_ id: UUID, context: VigilContext, message: String?, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let session = try await database.dosingSession(id: id, by: context.actor)
        let settings = try await database.clinicSettings()
        let rules = settings.sessionRules
        let role = context.identity!.user.role
        let now = calendar.now
        let readiness = session.readiness(rules: rules, at: now)
        let discharge = session.dischargeReadiness(at: now, rules: rules)
        let due = session.nextVitalsDue(rules: rules)
        let course = try await database.courseFile(id: session.courseID, by: context.actor).course
        let dose = course.dose(forSession: session.sessionNumber)
        let checklist = session.checklist
        let measures = try await database.assessments(patientID: session.patientID, instrument: nil, from: nil, to: nil, by: context.actor)
            .filter { $0.sessionID == id }
        // After the dose, CADSS-6 is the measure asked for (its answer fills the REMS dissociation question).
        let dosed = session.status.isDosedOrLater
        let review = try await database.patientFile(id: session.patientID, parts: [.safetyReviews], by: context.actor).safetyReviewDue(rules: rules)
        let mayAdminister = role.may(.documentClinical) && session.status == .dosing && session.administration == nil
        let ledgerLots = mayAdminister ? try await drawableLots(for: session) : []
        let ledger = try await ledgerDraw(session, context: context)
        func question(_ name: String, _ label: String, _ value: Bool?) -> View.Question { View.Question(name: name, label: label, yes: value == true, no: value == false) }
        var questions: [View.Question] = []
        if session.route.isEsketamine {
            questions += [question("noFoodForTwoHours", "No food for 2 hours", checklist.noFoodForTwoHours),
                          question("noLiquidsForThirtyMinutes", "No liquids for 30 minutes", checklist.noLiquidsForThirtyMinutes),
                          question("noNasalSprayWithinHour", "No nasal corticosteroid or decongestant in the last hour", checklist.noNasalSprayWithinHour)]
        }
        questions += [question("rideConfirmed", "Ride home confirmed", checklist.rideConfirmed),
                      question("noDrivingAcknowledged", "No driving until tomorrow, after sleep, acknowledged", checklist.noDrivingAcknowledged)]
        let view = View(
            shell: Shell(title: "Session: \(session.patientName)", context: context, current: PageEndpoints.board.path),
            id: id.lowercased, patientName: session.patientName, chartLink: PageEndpoints.chart.link(session.patientID.lowercased),
            boardLink: ChairBoardPages.board(on: session.date),
            title: "\(session.route.title), session \(session.sessionNumber) — \(dose.shown)\(session.chair.map { ", \($0)" } ?? "")",
            status: session.status.title, readinessStatus: readiness.status.rawValue, readinessReasons: readiness.reasons,
            acknowledged: readiness.acknowledgement.map { "Acknowledged by \($0.byName): \($0.note)" },
            mayAcknowledge: role.may(.prescribe) && readiness.status == .caution && readiness.acknowledgement == nil && !session.status.isDosedOrLater,
            alerts: session.openAlerts(rules: rules).map(\.message),
            nextDue: due.map(clock), overdue: due.map { $0 < now } ?? false,
            administration: session.administration.map { given in
                var text = "\(Dose.formatted(given.doseMg)) mg\(given.mgPerKg.map { " (\(Dose.formatted($0)) mg/kg)" } ?? ""), lot \(given.lot), from \(clock(given.startedAt))"
                if !given.devices.isEmpty { text += "; devices at " + given.devices.map(clock).joined(separator: ", ") }
                if let rate = given.pumpRateMlPerHour { text += "; \(Dose.formatted(rate)) mL/h" }
                return text + "; given by \(given.administeredBy.name), supervised by \(given.supervisedBy.name)"
            },
            mayAdminister: mayAdminister, ledgerLots: ledgerLots, ledger: ledger.text, wasteLink: ledger.wasteLink,
            esketamine: session.route.isEsketamine, isIV: session.route == .ivKetamine,
            // Entered, never prefilled: a prefilled time records a moment nobody saw (clinic-day issue, finding 3).
            deviceTimes: (0..<(dose.devices ?? 0)).map { View.Device(name: "deviceTime\($0)", number: $0 + 1) },
            supervisors: try await database.careTeam(.prescribe).map { SelectOption(value: $0.id.lowercased, label: $0.name, selected: $0.id == context.identity!.user.id) },
            vitals: session.vitals.map { reading in
                View.Row(time: clock(reading.takenAt), bloodPressure: reading.bloodPressure, heartRate: reading.heartRate, spo2: reading.spo2,
                         sedation: reading.sedation.map(String.init) ?? "—",
                         alerts: SessionAlert.raised(by: reading, rules: rules).map(\.message).joined(separator: "; "))
            },
            chart: session.vitals.isEmpty ? nil : VitalsChart.svg(session, rules: rules, clock: clock),
            sideEffects: session.sideEffects.map { effect in
                View.Effect(id: effect.id.lowercased,
                            text: "\(clock(effect.at)) \(effect.kind.title) (\(effect.severity.rawValue))\(effect.intervention.map { " — \($0)" } ?? "")"
                                + (effect.resolvedAt.map { " — resolved at \(clock($0)) by \(effect.resolvedByName ?? "")" } ?? " — not yet resolved"),
                            open: effect.isOpen)
            },
            effectKinds: SelectOption.all(SideEffect.Kind.self, selected: nil, label: \.title),
            severities: SelectOption.all(SideEffect.Severity.self, selected: nil),
            discharge: discharge.reasons, dischargeReady: discharge.ready, earliest: discharge.earliestAt.map(clock),
            signedOff: session.signOff.map { "Signed off by \($0.byName) at \(clock($0.at))\($0.note.map { ": \($0)" } ?? "")" },
            moves: session.status.allowedNext.map { SelectOption(value: $0.rawValue, label: $0.title, selected: false) },
            history: session.transitions.map { "\(clock($0.at)) \($0.to.title) — \($0.byName)\($0.note.map { ": \($0)" } ?? "")" },
            checklist: questions,
            medications: ConcomitantMedication.allCases.map { SelectOption(value: $0.rawValue, label: $0.title, selected: checklist.newMedications?.contains($0) ?? false) },
            pregnancy: PregnancyStatus.allCases.map { SelectOption(value: $0.rawValue, label: $0.rawValue.replacingOccurrences(of: "-", with: " "), selected: $0 == checklist.pregnancy) },
            remsLink: session.route.isEsketamine && session.administration != nil ? PageEndpoints.remsForm.link(id.lowercased) : nil,
            measures: measures.map { taken in
                let instrument = Instrument.named(taken.instrument)
                return "\(clock(taken.takenAt)) \(instrument.name)\(taken.timing.map { " (\($0.rawValue))" } ?? "")"
                    + (taken.score.total.map { ": \($0)\(taken.score.severity.map { ", \($0)" } ?? "")" } ?? "")
            },
            measureAction: PageEndpoints.newAssessment.link(session.patientID.lowercased),
            instruments: InstrumentID.allCases.map {
                SelectOption(value: $0.rawValue, label: Instrument.named($0).name, selected: $0 == (dosed ? .cadss6 : .phq9))
            },
            measureTiming: (dosed ? AssessmentTiming.postDose : .preDose).rawValue,
            safetyReview: review.isDue ? "Safety review due: \(review.reason)" : nil,
            safetyReviewLink: PageEndpoints.safetyReviews.link(session.patientID.lowercased),
            mayDocument: role.may(.documentClinical), ended: session.status.hasEnded, message: message, errors: errors)
        return pages.page("session", view, status: status)
    }
}
