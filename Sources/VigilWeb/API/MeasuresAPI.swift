import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// Rating scales: the instruments, recording scored assessments, and outcomes against baseline.
struct MeasuresAPI {
    static let instruments = Endpoint(.get, "/api/v1/instruments", .api, .signedIn,
                                      "The rating scales: items, answers, bands, cut-offs, LOINC codes and sources",
                                      .init(response: "InstrumentList"))
    static let record = Endpoint(.post, "/api/v1/patients/{id}/assessments", .api, .permission(.documentClinical),
                                 "Record a scored measure; a suicidality item raises an alert",
                                 .init(request: "NewAssessment", status: 201, response: "Assessment"))
    static let list = Endpoint(.get, "/api/v1/patients/{id}/assessments", .api, .permission(.viewClinical),
                               "A patient's measures, oldest first",
                               .init(response: "AssessmentList", query: [
                                   QueryParameter("instrument", "string", "One of \(InstrumentID.allCases.map(\.rawValue).joined(separator: ", "))"),
                                   QueryParameter("from", "string", format: "date-time", "Taken at or after"),
                                   QueryParameter("to", "string", format: "date-time", "Taken at or before"),
                               ]))
    static let outcomes = Endpoint(.get, "/api/v1/patients/{id}/outcomes", .api, .permission(.viewClinical),
                                   "Baseline, latest, change and status (remission, response, relapse, partial, none) with reasons",
                                   .init(response: "Outcome", query: [QueryParameter("instrument", "string", "phq9, gad7, qids-sr16 or madrs")]))

    let database: Database
    let calendar: ClinicCalendar

    func register(on router: inout EndpointRouter) {
        router.add(Self.instruments) { _, _ in
            let settings = try await database.clinicSettings()
            let all = InstrumentID.allCases.map { InstrumentDTO(Instrument.named($0), settings: settings) }
            return try .json(ListDTO(items: all))
        }
        router.add(Self.record) { request, context in
            var request = request
            let form = try await request.decodeJSON(AssessmentForm.self, context: context)
            let (assessment, alert) = try await record(form, patientID: try context.uuidParameter("id"), context: context)
            return try .json(AssessmentDTO(assessment, alert: alert), status: .created)
        }
        router.add(Self.list) { request, context in
            var reader = QueryReader(request.uri.queryParameters)
            let from = reader.instant("from"), to = reader.instant("to")
            let instrument = reader.parsed("instrument", Validator.oneOf(InstrumentID.allCases)) { InstrumentID(rawValue: $0) }
            try reader.validator.finish()
            let found = try await database.assessments(patientID: try context.uuidParameter("id"), instrument: instrument, from: from, to: to,
                                                       by: context.actor)
            return try .json(ListDTO(items: found.map { AssessmentDTO($0) }))
        }
        router.add(Self.outcomes) { request, context in
            var validator = Validator()
            let tracked = InstrumentID.allCases.filter { Instrument.named($0).tracksOutcomes }
            let id = validator.choice(request.uri.queryParameters["instrument"].map(String.init), "instrument", among: tracked)
            try validator.finish()
            let instrument = Instrument.named(id!)
            let found = try await database.assessments(patientID: try context.uuidParameter("id"), instrument: instrument.id, from: nil, to: nil,
                                                       by: context.actor)
            let settings = try await database.clinicSettings()
            guard let outcome = OutcomeRules.evaluate(instrument, assessments: found, settings: settings) else {
                throw Problem(.notFound, "No \(instrument.name) has been recorded for this patient.")
            }
            return try .json(OutcomeDTO(outcome, instrument: instrument.id,
                                        remissionAtMost: settings.remissionAtMost(instrument.id) ?? instrument.remissionAtMost!))
        }
    }

    /// Shared with the chart page: the signed-in clinician enters it.
    func record(_ form: AssessmentForm, patientID: UUID, context: VigilContext) async throws -> (Assessment, SuicidalityAlert?) {
        let checked = try form.checked(now: calendar.clock())
        return try await database.recordAssessment(checked, patientID: patientID, enteredBy: context.identity?.user, by: context.actor)
    }
}

/// Suicidality alerts across the clinic, and their acknowledgement.
struct AlertsAPI {
    static let list = Endpoint(.get, "/api/v1/alerts", .api, .permission(.viewClinical), "Suicidality alerts, newest first",
                               .init(response: "AlertPage", query: [QueryParameter("status", "string", "open or acknowledged; both when absent")]
                                     + UsersAPI.pageQuery))
    static let acknowledge = Endpoint(.post, "/api/v1/alerts/{id}/acknowledge", .api, .permission(.documentClinical),
                                      "Close an alert with a note of the action taken", .init(request: "AlertAcknowledgement", response: "Alert"))

    let database: Database

    struct Acknowledgement: Decodable {
        let actionTaken: String?
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.list) { request, context in
            let status: SuicidalityAlert.Status? = try Validator.optionalChoice(request.uri.queryParameters["status"].map(String.init), "status")
            let found = try await database.suicidalityAlerts(status: status, page: try request.page(), by: context.actor)
            return try .json(PageDTO(found, AlertDTO.init))
        }
        router.add(Self.acknowledge) { request, context in
            var request = request
            let body = try await request.decodeJSON(Acknowledgement.self, context: context)
            return try .json(AlertDTO(try await acknowledge(try context.uuidParameter("id"), actionTaken: body.actionTaken, context: context)))
        }
    }

    /// Shared with the alerts page and the chart.
    func acknowledge(_ id: UUID, actionTaken: String?, context: VigilContext) async throws -> SuicidalityAlert {
        let note = try SuicidalityAlert.checkedAction(actionTaken)
        return try await database.acknowledgeSuicidalityAlert(id: id, actionTaken: note, clinician: context.identity!.user, by: context.actor)
    }
}
