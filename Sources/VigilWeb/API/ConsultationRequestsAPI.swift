import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The front desk's queue of website consultation requests.
struct ConsultationRequestsAPI {
    static let list = Endpoint(.get, "/api/v1/consultation-requests", .api, .permission(.handleConsultationRequests),
                               "List consultation requests, newest first",
                               .init(response: "ConsultationRequestPage",
                                     query: [QueryParameter("status", "string", "One of \(ConsultationRequest.Status.allCases.map(\.rawValue).joined(separator: ", "))")] + UsersAPI.pageQuery))
    static let mark = Endpoint(.post, "/api/v1/consultation-requests/{id}", .api, .permission(.handleConsultationRequests),
                               "Mark a request contacted or declined, with a note (convert it by registering a patient with `consultationRequestId`)",
                               .init(request: "ConsultationRequestChange", response: "ConsultationRequest"))

    let database: Database

    struct Change: Decodable {
        let status: String?
        let note: String?
    }

    struct DTO: Encodable {
        let id: String
        let name: String
        let phone: String?
        let email: String?
        let preferredContactTime: String?
        let message: String?
        let receivedAt: Date
        let status: ConsultationRequest.Status
        let note: String?
        let patientId: String?
        let handledAt: Date?

        init(_ request: ConsultationRequest) {
            id = request.id.lowercased
            name = request.name
            phone = request.phone
            email = request.email
            preferredContactTime = request.preferredContactTime
            message = request.message
            receivedAt = request.receivedAt
            status = request.status
            note = request.note
            patientId = request.patientID?.lowercased
            handledAt = request.handledAt
        }
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.list) { request, context in
            let page = try request.page()
            let status: ConsultationRequest.Status? = try Validator.optionalChoice(request.uri.queryParameters["status"].map(String.init), "status")
            return try .json(PageDTO(try await database.consultationRequests(status: status, page: page, by: context.actor), DTO.init))
        }
        router.add(Self.mark) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let body = try await request.decodeJSON(Change.self, context: context)
            let (status, note) = try Self.checked(body)
            return try .json(DTO(try await database.markConsultationRequest(id, status: status, note: note, by: context.actor)))
        }
    }

    /// Shared with the queue page: a status the front desk may set, and an optional note.
    static func checked(_ change: Change) throws(ValidationError) -> (ConsultationRequest.Status, String?) {
        var validator = Validator()
        let status: ConsultationRequest.Status? = validator.choice(change.status, "status", among: [.contacted, .declined])
        let note = change.note.flatMap { PatientForm.optionalText($0, "note", limit: 1000, validator: &validator) }
        try validator.finish()
        return (status!, note)
    }
}
