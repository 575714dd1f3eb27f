import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// Entering measures on the chart, sending them to patients, measurement plans, and the printable
/// progress report.
struct MeasurePages {
    let database: Database
    let measures: MeasuresAPI
    let requests: MeasureRequestsAPI
    let chart: ChartPage
    let calendar: ClinicCalendar
    let pages: PageRenderer

    struct EntryView {
        struct Item {
            let index: Int
            let code: String
            let label: String
            let text: String?
            let answers: [Answer]
        }

        struct Answer {
            let value: Int
            let label: String
            let checked: Bool
        }

        let shell: Shell
        let id: String
        let patientName: String
        let instrument: String
        let instrumentName: String
        let title: String
        let prompt: String?
        let source: String
        let columns: [String]
        let sameAnswers: Bool
        let items: [Item]
        let takenAt: String
        let timings: [SelectOption]
        /// The dosing session the measure is taken in, when entered from the session page.
        let sessionId: String?
        let skipNote: String?
        let errors: [FieldError]
        let action: String
        let chartLink: String
    }

    struct ProgressView {
        let shell: Shell
        let name: String
        let mrn: String
        let birthDate: String
        let printedAt: String
        let measures: MeasuresView
        let chartLink: String
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.newAssessment) { request, context in
            var validator = Validator()
            let id = validator.choice(request.uri.queryParameters["instrument"].map(String.init), "instrument", among: InstrumentID.allCases)
            try validator.finish()
            let query = request.uri.queryParameters
            let draft = ["timing": query["timing"], "sessionId": query["session"]].compactMapValues { $0.map(String.init) }
            return try await entry(patientID: try context.uuidParameter("id"), instrument: Instrument.named(id!), draft: draft, errors: [],
                                   context: context, status: .ok)
        }
        router.add(PageEndpoints.recordAssessment) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            let patientID = try context.uuidParameter("id")
            var validator = Validator()
            let id = validator.choice(form["instrument"], "instrument", among: InstrumentID.allCases)
            try validator.finish()
            let instrument = Instrument.named(id!)
            do {
                let (assessment, alert) = try await measures.record(
                    AssessmentForm(instrument: instrument.id.rawValue, answers: form.answers(for: instrument),
                                   takenAt: form.localInstant("takenAt", in: calendar.timeZone), source: form["source"] ?? "clinician",
                                   timing: form["timing"].flatMap { $0.isEmpty ? nil : $0 }, sessionId: form["sessionId"]?.nilIfEmpty),
                    patientID: patientID, context: context)
                let total = assessment.score.total.map { " total \($0)" } ?? ""
                let message = "Recorded \(instrument.name)\(total)\(assessment.score.severity.map { " (\($0))" } ?? "")."
                    + (alert == nil ? "" : " A suicidality alert is open: see the top of the chart.")
                if let session = assessment.sessionID { return .redirect(to: PageEndpoints.session.link(session.lowercased), done: message) }
                return ChartPage.done(patientID, message)
            } catch let invalid as ValidationError {
                return try await entry(patientID: patientID, instrument: instrument, draft: form.values, errors: invalid.errors,
                                       context: context, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.sendMeasure) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            let patientID = try context.uuidParameter("id")
            do {
                let (sent, link) = try await requests.send(.init(instrument: form["instrument"], reason: form["reason"],
                                                                 timing: form["timing"].flatMap { $0.isEmpty ? nil : $0 }),
                                                           patientID: patientID, context: context)
                let name = Instrument.named(sent.instrument).name
                // Shown once, on this page, never in an address: the link is the patient's key.
                let message = link.map { "\(sent.deliveryNote.map { "\($0). " } ?? "")Give the patient this \(name) link (it works once, until \(sent.expiresAt.shown)): \($0)" }
                    ?? "Emailed the \(name) link to the patient."
                return try await chart.chart(id: patientID, context: context, message: message, errors: [], status: .ok)
            } catch let invalid as ValidationError {
                return try await chart.chart(id: patientID, context: context, message: nil, errors: invalid.errors, status: .unprocessableContent)
            }
        }
        router.add(PageEndpoints.addMeasurementPlan) { request, context in
            try await chartForm(request, context) { form, id in
                var validator = Validator()
                let every = form.number("everyDays", into: &validator)
                try validator.finish()
                let planned = try await requests.createPlan(.init(instrument: form["instrument"], everyDays: every.map { Int($0) },
                                                                  startDate: form["startDate"].flatMap { $0.isEmpty ? nil : $0 }, reason: form["reason"]),
                                                            patientID: id, context: context)
                return "Planned \(Instrument.named(planned.plan.instrument).name) every \(planned.plan.everyDays) days; next due \(planned.progress.nextDue)."
            }
        }
        router.add(PageEndpoints.stopMeasurementPlan) { request, context in
            try await chartForm(request, context) { _, _ in
                try await database.stopMeasurementPlan(id: try context.uuidParameter("planId"), of: try context.uuidParameter("id"), by: context.actor)
                return "Stopped the measurement plan."
            }
        }
        router.add(PageEndpoints.progress) { _, context in
            let id = try context.uuidParameter("id")
            let file = try await database.patientFile(id: id, parts: [.assessments, .alerts, .measurePlans, .measureRequests],
                                                      calendar: try await requests.measureCalendar(), by: context.actor)
            let now = calendar.clock()
            let view = ProgressView(shell: Shell(title: "Progress: \(file.patient.fullName)", context: context, current: PageEndpoints.patients.path),
                                    name: file.patient.fullName, mrn: file.patient.mrn, birthDate: file.patient.birthDate.description,
                                    printedAt: now.shown,
                                    measures: MeasuresView(file: file, settings: try await database.clinicSettings(), now: now,
                                                           canEmail: requests.links.canEmail, printing: true),
                                    chartLink: PageEndpoints.chart.link(id.lowercased))
            return pages.page("progress", view)
        }
    }

    private func chartForm(_ request: Request, _ context: VigilContext, _ action: (FormBody, UUID) async throws -> String) async throws -> Response {
        let id = try context.uuidParameter("id")
        return try await FormBody.submit(request, context, returningTo: PageEndpoints.chart.link(id.lowercased), { try await action($0, id) }) { errors in
            try await chart.chart(id: id, context: context, message: nil, errors: errors, status: .unprocessableContent)
        }
    }

    private func entry(patientID: UUID, instrument: Instrument, draft: [String: String], errors: [FieldError], context: VigilContext,
                       status: HTTPResponse.Status) async throws -> Response {
        let patient = try await database.patientFile(id: patientID, parts: [], by: context.actor).patient
        let first = instrument.items[0].answers
        let same = instrument.items.allSatisfy { $0.answers == first }
        let view = EntryView(
            shell: Shell(title: "\(instrument.name): \(patient.fullName)", context: context, current: PageEndpoints.patients.path),
            id: patientID.lowercased, patientName: patient.fullName, instrument: instrument.id.rawValue, instrumentName: instrument.name,
            title: instrument.title, prompt: instrument.prompt, source: instrument.source,
            columns: same ? first.map { "\($0.value) — \($0.label)" } : [], sameAnswers: same,
            items: instrument.items.enumerated().map { index, item in
                EntryView.Item(index: index, code: item.code, label: item.label, text: item.text, answers: item.answers.map {
                    EntryView.Answer(value: $0.value, label: $0.label, checked: draft["item-\(index)"] == String($0.value))
                })
            },
            takenAt: draft["takenAt"] ?? FormBody.localInstant(calendar.clock(), in: calendar.timeZone),
            timings: AssessmentTiming.allCases.map { SelectOption(value: $0.rawValue, label: $0.rawValue, selected: draft["timing"] == $0.rawValue) },
            sessionId: draft["sessionId"]?.nilIfEmpty,
            skipNote: instrument.id == .cssrsScreen ? "Leave questions 3–5 unanswered when question 2 is no, and 6b when 6 is no." : nil,
            errors: errors, action: PageEndpoints.recordAssessment.link(patientID.lowercased),
            chartLink: PageEndpoints.chart.link(patientID.lowercased))
        return pages.page("assessment-form", view, status: status)
    }
}

extension FormBody {
    /// The answers of a scale form (`item-0`, `item-1`, …): unanswered is skipped, anything else must be a number.
    func answers(for instrument: Instrument) -> [RawAnswer] {
        instrument.items.indices.map { index in
            guard let text = self["item-\(index)"], !text.isEmpty else { return .skipped }
            return Double(text).map(RawAnswer.number) ?? .invalid("\"\(text.prefix(20))\"")
        }
    }

    /// A `datetime-local` field read on the clinic's clock, as RFC 3339 for the checked form; text
    /// that is not a local date and time passes through for the form's own error.
    func localInstant(_ name: String, in timeZone: TimeZone) -> String? {
        guard let text = self[name], !text.isEmpty else { return nil }
        let numbers = text.split(whereSeparator: { "-T:".contains($0) }).map { Int($0) }
        guard (5...6).contains(numbers.count), numbers.allSatisfy({ $0 != nil }), let day = CalendarDate(String(text.prefix(10))) else { return text }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = DateComponents(year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4],
                                   second: numbers.count == 6 ? numbers[5] : 0)
        guard day.description == String(text.prefix(10)), let date = calendar.date(from: parts) else { return text }
        return Instant.format(date)
    }

    /// Now on the clinic's clock, for a `datetime-local` field's default.
    static func localInstant(_ date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
    }
}
