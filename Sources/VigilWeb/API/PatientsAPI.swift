import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// Patient registration, demographics and search. Every read and edit is audited with the patient's id.
struct PatientsAPI {
    static let search = Endpoint(.get, "/api/v1/patients", .api, .permission(.viewDemographics),
                                 "Search patients by name, MRN or date of birth (every word must match)",
                                 .init(response: "PatientPage", query: [QueryParameter("query", "string", "Words to find, e.g. `rivera 1984`")] + UsersAPI.pageQuery))
    static let create = Endpoint(.post, "/api/v1/patients", .api, .permission(.editDemographics),
                                 "Register a patient (MRN generated when not given; from a consultation request when `consultationRequestId` is set)",
                                 .init(request: "NewPatient", status: 201, response: "Patient"))
    static let read = Endpoint(.get, "/api/v1/patients/{id}", .api, .permission(.viewDemographics),
                               "Read a patient with the weight history", .init(response: "Patient"))
    static let update = Endpoint(.patch, "/api/v1/patients/{id}", .api, .permission(.editDemographics),
                                 "Change demographics; a weight adds to the history; an empty text clears a field",
                                 .init(request: "PatientChange", response: "Patient"))

    let database: Database
    let calendar: ClinicCalendar

    /// The registration body: the record's fields and, optionally, the request it comes from.
    struct NewPatient: Decodable {
        let record: PatientForm
        let consultationRequestId: String?

        init(from decoder: any Decoder) throws {
            record = try PatientForm(from: decoder)
            consultationRequestId = try decoder.container(keyedBy: Key.self).decodeIfPresent(String.self, forKey: .consultationRequestId)
        }

        enum Key: CodingKey { case consultationRequestId }
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.search) { request, context in
            let page = try request.page()
            let query = request.uri.queryParameters["query"].map(String.init) ?? ""
            guard query.count <= 200 else { throw ValidationError("query", "must be at most 200 characters") }
            let found = try await database.searchPatients(query, page: page, by: context.actor)
            let today = calendar.today
            return try .json(PageDTO(found) { PatientDTO($0, today: today, viewer: context.actor.role) })
        }
        router.add(Self.create) { request, context in
            var request = request
            let body = try await request.decodeJSON(NewPatient.self, context: context)
            var requestID: UUID?
            if let text = body.consultationRequestId {
                guard let id = UUID(uuidString: text) else { throw ValidationError("consultationRequestId", "must be a UUID") }
                requestID = id
            }
            let patient = try await createPatient(body.record, fromConsultationRequest: requestID, actor: context.actor)
            return try .json(PatientDTO(patient, weights: patient.weight.map { [$0] } ?? [], today: calendar.today, viewer: context.actor.role), status: .created)
        }
        router.add(Self.read) { _, context in
            let file = try await database.patientFile(id: try context.uuidParameter("id"), parts: [.weights], by: context.actor)
            return try .json(PatientDTO(file.patient, weights: file.weights, today: calendar.today, viewer: context.actor.role))
        }
        router.add(Self.update) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let form = try await request.decodeJSON(PatientForm.self, context: context)
            let patient = try await database.updatePatient(id: id, try form.checked(creating: false, today: calendar.today), today: calendar.today,
                                                           by: context.actor)
            return try .json(PatientDTO(patient, today: calendar.today, viewer: context.actor.role))
        }
    }

    /// Shared with the registration page.
    func createPatient(_ form: PatientForm, fromConsultationRequest requestID: UUID?, actor: Actor) async throws -> Patient {
        let update = try form.checked(creating: true, today: calendar.today)
        do {
            return try await database.createPatient(update, fromConsultationRequest: requestID, by: actor)
        } catch StorageError.notFound where requestID != nil {
            // The record itself is new, so the only thing that can be missing is the request.
            throw ValidationError("consultationRequestId", "names no consultation request")
        }
    }
}
