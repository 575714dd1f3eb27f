import Foundation
import SQLKit
import VigilCore

extension Database {
    /// Stores a request from the public form, unless the sender or everyone together has sent too
    /// many lately (`ConsultationThrottle`).
    public func receiveConsultationRequest(_ draft: ConsultationRequestDraft, from address: String,
                                           throttle: ConsultationThrottle = ConsultationThrottle()) async throws -> ConsultationRequest {
        try await write { tx in
            let since = Instant.format(tx.now.addingTimeInterval(-throttle.window))
            func count(_ sender: String?) async throws -> Int {
                var query = tx.sql.selectCount()
                    .from("consultation_requests").where("received_at", .greaterThan, since)
                if let sender { query = query.where("sender_address", .equal, sender) }
                return try await query.total()
            }
            let minutes = Int(throttle.window / 60)
            if try await count(address) >= throttle.perAddress {
                throw StorageError.rateLimited(retryAfterSeconds: Int(throttle.window),
                                               message: "We already have your request. Please wait \(minutes) minutes before sending another, or call the clinic.")
            }
            if try await count(nil) >= throttle.overall {
                throw StorageError.rateLimited(retryAfterSeconds: 300, message: "The form is busy. Please try again in a few minutes, or call the clinic.")
            }
            let request = ConsultationRequest(id: NewID.make(), name: draft.name, phone: draft.phone, email: draft.email,
                                              preferredContactTime: draft.preferredContactTime, message: draft.message, receivedAt: tx.now)
            try await tx.sql.insert(into: "consultation_requests").model(ConsultationRequestRow(request, sender: address)).run()
            try await tx.audit(AuditRecord(.anonymous(address: address), .create, resourceType: "ConsultationRequest",
                                           resourceID: request.id.lowercased))
            return request
        }
    }

    /// The front desk's queue, newest first; `status` nil lists all.
    public func consultationRequests(status: ConsultationRequest.Status?, page: Page, by actor: Actor) async throws -> Paged<ConsultationRequest> {
        try await write { tx in
            func matching(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                let query = select.from("consultation_requests")
                return status.map { query.where("status", .equal, $0.rawValue) } ?? query
            }
            let total = try await matching(tx.sql.selectCount())
                .total()
            let rows = try await matching(tx.sql.select().column("*")).orderBy("received_at", .descending)
                .limit(page.size).offset(page.offset).all(decoding: ConsultationRequestRow.self)
            try await tx.audit(AuditRecord(actor, .read, resourceType: "ConsultationRequestList",
                                           detail: "\(status?.rawValue ?? "all"), page \(page.number)"))
            return Paged(items: try rows.map { try $0.request() }, page: page, total: total)
        }
    }

    public func consultationRequest(id: UUID) async throws -> ConsultationRequest {
        try await read { sql in try await sql.consultationRequest(id: id) }
    }

    /// Marks a request contacted or declined (converting happens with `createPatient`).
    public func markConsultationRequest(_ id: UUID, status: ConsultationRequest.Status, note: String?, by actor: Actor) async throws -> ConsultationRequest {
        try await write { tx in
            try await tx.markConsultationRequest(id, status: status, note: note, patientID: nil, by: actor)
        }
    }
}

extension Transaction {
    @discardableResult
    func markConsultationRequest(_ id: UUID, status: ConsultationRequest.Status, note: String?, patientID: UUID?,
                                 by actor: Actor) async throws -> ConsultationRequest {
        var request = try await sql.consultationRequest(id: id)
        if request.status == .converted {
            throw ValidationError("status", "this request was already converted into a patient record")
        }
        request.status = status
        request.note = note ?? request.note
        request.patientID = patientID
        request.handledAt = now
        try await sql.update("consultation_requests")
            .set("status", to: status.rawValue).set("note", to: request.note).set("patient_id", to: patientID?.lowercased)
            .set("handled_by", to: actor.userID?.lowercased).set("handled_at", to: Instant.format(now))
            .where("id", .equal, id.lowercased).run()
        try await audit(AuditRecord(actor, .update, resourceType: "ConsultationRequest", resourceID: id.lowercased,
                                    patientID: patientID, detail: "status: \(status.rawValue)"))
        return request
    }
}

extension SQLDatabase {
    func consultationRequest(id: UUID) async throws -> ConsultationRequest {
        guard let row = try await select().column("*").from("consultation_requests").where("id", .equal, id.lowercased)
            .first(decoding: ConsultationRequestRow.self)
        else { throw StorageError.notFound("consultation request") }
        return try row.request()
    }
}

struct ConsultationRequestRow: Codable, Sendable {
    var id: String
    var name: String
    var phone: String?
    var email: String?
    var preferred_contact_time: String?
    var message: String?
    var sender_address: String
    var received_at: String
    var status: String
    var note: String?
    var patient_id: String?
    var handled_by: String?
    var handled_at: String?

    init(_ request: ConsultationRequest, sender: String) {
        id = request.id.lowercased
        name = request.name
        phone = request.phone
        email = request.email
        preferred_contact_time = request.preferredContactTime
        message = request.message
        sender_address = sender
        received_at = Instant.format(request.receivedAt)
        status = request.status.rawValue
    }

    func request() throws -> ConsultationRequest {
        ConsultationRequest(id: try StoredValue.uuid(id), name: name, phone: phone, email: email,
                            preferredContactTime: preferred_contact_time, message: message,
                            receivedAt: try StoredValue.instant(received_at), status: try StoredValue.enumValue(status), note: note,
                            patientID: try patient_id.map(StoredValue.uuid), handledAt: try handled_at.map(StoredValue.instant))
    }
}
