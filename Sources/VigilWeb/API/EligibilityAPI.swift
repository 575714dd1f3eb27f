import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The contraindication screening, the eligibility verdict per route, and the prescriber's signature.
struct EligibilityAPI {
    static let saveScreening = Endpoint(.put, "/api/v1/patients/{id}/screening", .api, .permission(.documentClinical),
                                        "Record the screening checklist, blood pressure and substance-use history (replaces the previous answers)",
                                        .init(request: "Screening", response: "Screening"))
    static let readScreening = Endpoint(.get, "/api/v1/patients/{id}/screening", .api, .permission(.viewClinical),
                                        "Read the screening as recorded", .init(response: "Screening"))
    static let eligibility = Endpoint(.get, "/api/v1/patients/{id}/eligibility", .api, .permission(.viewClinical),
                                      "The eligibility verdict with reasons, for one route or every route, and the signed decisions",
                                      .init(response: "Eligibility", query: [QueryParameter("route", "string", "One of \(TreatmentRoute.allCases.map(\.rawValue).joined(separator: ", ")); every route when absent")]))
    static let sign = Endpoint(.post, "/api/v1/patients/{id}/eligibility/sign", .api, .permission(.signDecisions),
                               "Sign the current verdict for a route; immutable, it supersedes the route's previous decision",
                               .init(request: "EligibilitySignature", status: 201, response: "EligibilityDecision"))

    let database: Database
    let calendar: ClinicCalendar

    struct Signature: Decodable {
        let route: String?
        let note: String?
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.saveScreening) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let screening = try await request.decodeJSON(ScreeningForm.self, context: context).checked()
            try await database.saveScreening(screening, patientID: id, by: context.actor)
            return try .json(ScreeningDTO(screening))
        }
        router.add(Self.readScreening) { _, context in
            let file = try await database.patientFile(id: try context.uuidParameter("id"), parts: [.screening], by: context.actor)
            guard let screening = file.screening else { throw Problem(.notFound, "No screening has been recorded for this patient.") }
            return try .json(ScreeningDTO(screening))
        }
        router.add(Self.eligibility) { request, context in
            let id = try context.uuidParameter("id")
            let route: TreatmentRoute? = try Validator.optionalChoice(request.uri.queryParameters["route"].map(String.init), "route")
            let file = try await database.patientFile(id: id, parts: [.screening, .eligibilityDecisions], by: context.actor)
            return try .json(EligibilityDTO(file, route: route))
        }
        router.add(Self.sign) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let body = try await request.decodeJSON(Signature.self, context: context)
            let decision = try await sign(patientID: id, route: body.route, note: body.note, context: context)
            return try .json(DecisionDTO(decision), status: .created)
        }
    }

    /// Shared with the chart page.
    func sign(patientID: UUID, route: String?, note: String?, context: VigilContext) async throws -> EligibilityDecision {
        var validator = Validator()
        let parsed: TreatmentRoute? = validator.choice(route, "route")
        let note = note.flatMap { PatientForm.optionalText($0, "note", limit: 2000, validator: &validator) }
        try validator.finish()
        let settings = try await database.clinicSettings()
        return try await database.signEligibility(patientID: patientID, route: parsed!, note: note, criteria: settings.criteria,
                                                  today: calendar.today, signer: context.identity!.user, by: context.actor)
    }

}

struct ScreeningDTO: Encodable {
    struct Item: Encodable {
        let answer: Screening.Answer
        let note: String?
        let question: String
    }

    let items: [String: Item]
    let unanswered: [String]
    let systolic: Int?
    let diastolic: Int?
    let substanceUseHistory: String?

    init(_ screening: Screening) {
        var items: [String: Item] = [:]
        for (item, response) in screening.responses { items[item.rawValue] = Item(answer: response.answer, note: response.note, question: item.question) }
        self.items = items
        unanswered = ScreeningItem.allCases.filter { screening.responses[$0] == nil }.map(\.rawValue)
        systolic = screening.systolic
        diastolic = screening.diastolic
        substanceUseHistory = screening.substanceUseHistory
    }
}

struct DecisionDTO: Encodable {
    let id: String
    let route: TreatmentRoute
    let status: Eligibility.Status
    let reasons: [String]
    let treatmentResistance: String
    let note: String?
    let signedBy: String
    let signedByName: String
    let signedAt: Date
    let current: Bool
    let supersededAt: Date?

    init(_ decision: EligibilityDecision) {
        id = decision.id.lowercased
        route = decision.route
        status = decision.status
        reasons = decision.reasons
        treatmentResistance = decision.treatmentResistance
        note = decision.note
        signedBy = decision.signedBy.lowercased
        signedByName = decision.signedByName
        signedAt = decision.signedAt
        current = decision.supersededAt == nil
        supersededAt = decision.supersededAt
    }
}

/// `GET /eligibility`: with a route, that route's verdict; without, every route's, and at the top the
/// most favourable of them (the reasons say which route is which).
struct EligibilityDTO: Encodable {
    struct RouteVerdict: Encodable {
        let route: TreatmentRoute
        let status: Eligibility.Status
        let reasons: [String]
    }

    let status: Eligibility.Status
    let reasons: [String]
    let route: TreatmentRoute?
    let routes: [RouteVerdict]
    let decisions: [DecisionDTO]

    init(_ file: PatientFile, route: TreatmentRoute?) {
        let screening = file.screening ?? Screening(responses: [:], systolic: nil, diastolic: nil)
        let verdicts = (route.map { [$0] } ?? TreatmentRoute.allCases).map { Eligibility.evaluate(screening, route: $0) }
        routes = verdicts.map { RouteVerdict(route: $0.route, status: $0.status, reasons: $0.reasons) }
        let order: [Eligibility.Status] = [.eligible, .eligibleWithPrecautions, .incomplete, .notEligible]
        status = verdicts.map(\.status).min { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! } ?? .incomplete
        reasons = file.screening == nil ? ["No screening has been recorded."] : verdicts.flatMap(\.reasons)
        self.route = route
        decisions = file.eligibilityDecisions.filter { route == nil || $0.route == route }.map(DecisionDTO.init)
    }
}
