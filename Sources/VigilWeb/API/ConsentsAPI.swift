import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// Consent templates (versioned, published by admins) and patients' consents, witnessed and withdrawable.
struct ConsentsAPI {
    static let templates = Endpoint(.get, "/api/v1/consent-templates", .api, .signedIn,
                                    "List every version of every consent template, newest first per route",
                                    .init(response: "ConsentTemplateList"))
    static let publish = Endpoint(.post, "/api/v1/consent-templates", .api, .permission(.manageSettings),
                                  "Publish a new version of a route's consent template",
                                  .init(request: "NewConsentTemplate", status: 201, response: "ConsentTemplate"))
    static let list = Endpoint(.get, "/api/v1/patients/{id}/consents", .api, .permission(.viewClinical),
                               "The patient's consents, newest first, current and withdrawn", .init(response: "ConsentList"))
    static let record = Endpoint(.post, "/api/v1/patients/{id}/consents", .api, .permission(.documentClinical),
                                 "Record consent to the template version shown; the signed-in user is the witness",
                                 .init(request: "NewConsent", status: 201, response: "Consent"))
    static let withdraw = Endpoint(.post, "/api/v1/patients/{id}/consents/{consentId}/withdraw", .api, .permission(.documentClinical),
                                   "Record that the patient withdrew a consent", .init(request: "ConsentWithdrawal", response: "Consent"))

    let database: Database
    let calendar: ClinicCalendar

    struct TemplateForm: Decodable {
        let route: String?
        let title: String?
        let body: String?
    }

    struct ConsentForm: Decodable {
        let templateId: String?
        let typedName: String?
    }

    struct Withdrawal: Decodable {
        let reason: String?
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.templates) { _, _ in
            try .json(ListDTO(items: try await database.consentTemplates().map(TemplateDTO.init)))
        }
        router.add(Self.publish) { request, context in
            var request = request
            let form = try await request.decodeJSON(TemplateForm.self, context: context)
            let template = try await publish(form, actor: context.actor)
            return try .json(TemplateDTO(template), status: .created)
        }
        router.add(Self.list) { _, context in
            let file = try await database.patientFile(id: try context.uuidParameter("id"), parts: [.consents], by: context.actor)
            return try .json(ListDTO(items: file.consents.map(ConsentDTO.init)))
        }
        router.add(Self.record) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let form = try await request.decodeJSON(ConsentForm.self, context: context)
            return try .json(ConsentDTO(try await record(form, patientID: id, context: context)), status: .created)
        }
        router.add(Self.withdraw) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let consentID = try context.uuidParameter("consentId")
            let form = try await request.decodeJSON(Withdrawal.self, context: context)
            return try .json(ConsentDTO(try await withdraw(consentID, patientID: id, reason: form.reason, actor: context.actor)))
        }
    }

    func publish(_ form: TemplateForm, actor: Actor) async throws -> ConsentTemplate {
        let (route, title, body) = try ConsentTemplate.checked(route: form.route, title: form.title, body: form.body)
        return try await database.publishConsentTemplate(route: route, title: title, body: body, by: actor)
    }

    /// Shared with the consent page.
    func record(_ form: ConsentForm, patientID: UUID, context: VigilContext) async throws -> Consent {
        var validator = Validator()
        let templateID = form.templateId.flatMap(UUID.init(uuidString:))
        validator.check(templateID != nil, "templateId", form.templateId == nil ? "is required" : "must be a UUID")
        let typed = form.typedName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        validator.check((1...200).contains(typed.count), "typedName", "is required: the patient types their full name")
        try validator.finish()
        return try await database.recordConsent(patientID: patientID, templateID: templateID!, typedName: typed,
                                                witness: context.identity!.user, by: context.actor)
    }

    func withdraw(_ consentID: UUID, patientID: UUID, reason: String?, actor: Actor) async throws -> Consent {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard (1...1000).contains(reason.count) else { throw ValidationError("reason", "is required, up to 1000 characters") }
        return try await database.withdrawConsent(id: consentID, patientID: patientID, reason: reason, today: calendar.today, by: actor)
    }
}

struct ListDTO<Item: Encodable & Sendable>: Encodable, Sendable {
    let items: [Item]
}

struct TemplateDTO: Encodable, Sendable {
    let id: String
    let route: TreatmentRoute
    let version: Int
    let title: String
    let body: String
    let createdAt: Date

    init(_ template: ConsentTemplate) {
        id = template.id.lowercased
        route = template.route
        version = template.version
        title = template.title
        body = template.body
        createdAt = template.createdAt
    }
}

struct ConsentDTO: Encodable, Sendable {
    let id: String
    let route: TreatmentRoute
    let templateId: String
    let templateVersion: Int
    let typedName: String
    let signedAt: Date
    let witnessId: String
    let witnessName: String
    let current: Bool
    let withdrawnAt: Date?
    let withdrawalReason: String?

    init(_ consent: Consent) {
        id = consent.id.lowercased
        route = consent.route
        templateId = consent.templateID.lowercased
        templateVersion = consent.templateVersion
        typedName = consent.typedName
        signedAt = consent.signedAt
        witnessId = consent.witnessID.lowercased
        witnessName = consent.witnessName
        current = consent.isCurrent
        withdrawnAt = consent.withdrawnAt
        withdrawalReason = consent.withdrawalReason
    }
}
