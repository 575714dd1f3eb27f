import Foundation
import SQLKit
import VigilCore

/// A link just made: its secret goes to the patient once and is never stored.
public struct IssuedMeasureRequest: Sendable {
    public let request: MeasureRequest
    public let token: String
    /// Where to email it, when it is to be emailed.
    public let email: String?
}

/// Why a link no longer works, for a clear page rather than an error.
public enum MeasureLinkState: Sendable {
    case open(MeasureRequest, givenName: String)
    case completed
    case expired
    case unknown
}

extension Database {
    /// Makes a single-use link for a patient to answer a measure, valid for `hours`; audited.
    public func issueMeasureRequest(patientID: UUID, instrument: Instrument, reason: String, timing: AssessmentTiming?, hours: Int,
                                    delivery: MeasureRequest.Delivery, requester: User, by actor: Actor) async throws -> IssuedMeasureRequest {
        try await write { tx in
            let patient = try await tx.sql.patient(id: patientID)
            return try await tx.issueMeasureRequest(patient: patient, instrument: instrument.id, reason: reason, timing: timing, hours: hours,
                                                    delivery: delivery, requestedBy: requester.id, requestedByName: requester.name,
                                                    planID: nil, actor: actor)
        }
    }

    /// What a link leads to. Opening an open link is audited as a read of the request.
    public func measureLink(token: String, by actor: Actor) async throws -> MeasureLinkState {
        try await write { tx in
            guard let request = try await tx.sql.measureRequest(tokenHash: Digest.sha256Hex(token)) else { return .unknown }
            switch request.status(at: tx.now) {
            case .completed: return .completed
            case .expired: return .expired
            case .open:
                let patient = try await tx.sql.patient(id: request.patientID)
                try await tx.audit(AuditRecord(actor, .read, resourceType: "MeasureRequest", resourceID: request.id.lowercased,
                                               patientID: request.patientID, detail: "link opened"))
                return .open(request, givenName: patient.givenName)
            }
        }
    }

    /// Records the patient's answers through a link and closes the link, in one transaction; a link
    /// used or expired meanwhile is refused with its state.
    public func completeMeasureRequest(token: String, answers: [RawAnswer], by actor: Actor) async throws -> Result<(Assessment, SuicidalityAlert?), MeasureLinkClosed> {
        try await write { tx in
            guard let request = try await tx.sql.measureRequest(tokenHash: Digest.sha256Hex(token)) else { return .failure(.unknown) }
            switch request.status(at: tx.now) {
            case .completed: return .failure(.completed)
            case .expired: return .failure(.expired)
            case .open: break
            }
            let checked = try AssessmentForm.Checked(Instrument.named(request.instrument), answers: answers, takenAt: tx.now, source: .patient,
                                                     timing: request.timing ?? .followUp)
            let result = try await tx.recordAssessment(checked, patientID: request.patientID, enteredBy: nil, actor: actor)
            try await tx.sql.update("measure_requests").set("completed_at", to: SQLBind(Instant.format(tx.now)))
                .set("assessment_id", to: SQLBind(result.0.id.lowercased)).where("id", .equal, request.id.lowercased).run()
            try await tx.audit(AuditRecord(actor, .update, resourceType: "MeasureRequest", resourceID: request.id.lowercased,
                                           patientID: request.patientID, detail: "completed by the patient"))
            return .success(result)
        }
    }

    /// Notes how delivery went (e.g. the SMTP server refused the message), for staff to see.
    public func noteMeasureDelivery(requestID: UUID, note: String) async throws {
        try await write { tx in
            try await tx.sql.update("measure_requests").set("delivery_note", to: SQLBind(note)).where("id", .equal, requestID.lowercased).run()
        }
    }
}

/// Why a link could not be used.
public enum MeasureLinkClosed: Error, Sendable {
    case completed, expired, unknown

    /// The page state that says so.
    public var state: MeasureLinkState {
        switch self {
        case .completed: .completed
        case .expired: .expired
        case .unknown: .unknown
        }
    }
}

extension Transaction {
    func issueMeasureRequest(patient: Patient, instrument: InstrumentID, reason: String, timing: AssessmentTiming?, hours: Int,
                             delivery: MeasureRequest.Delivery, requestedBy: UUID?, requestedByName: String, planID: UUID?,
                             actor: Actor) async throws -> IssuedMeasureRequest {
        let token = Digest.randomToken()
        let request = MeasureRequest(id: NewID.make(), patientID: patient.id, instrument: instrument, reason: reason, timing: timing,
                                     requestedBy: requestedBy, requestedByName: requestedByName, createdAt: now,
                                     expiresAt: now.addingTimeInterval(Double(hours) * 3600), completedAt: nil, assessmentID: nil,
                                     planID: planID, delivery: delivery, deliveryNote: nil)
        try await sql.insert(into: "measure_requests")
            .columns("id", "patient_id", "instrument", "token_hash", "reason", "timing", "requested_by", "requested_by_name", "created_at",
                     "expires_at", "plan_id", "delivery")
            .values(SQLBind(request.id.lowercased), SQLBind(patient.id.lowercased), SQLBind(instrument.rawValue), SQLBind(Digest.sha256Hex(token)),
                    SQLBind(reason), SQLBind(timing?.rawValue), SQLBind(requestedBy?.lowercased), SQLBind(requestedByName),
                    SQLBind(Instant.format(now)), SQLBind(Instant.format(request.expiresAt)), SQLBind(planID?.lowercased),
                    SQLBind(delivery.rawValue))
            .run()
        try await audit(AuditRecord(actor, .create, resourceType: "MeasureRequest", resourceID: request.id.lowercased, patientID: patient.id,
                                    detail: "\(Instrument.named(instrument).name) link, \(delivery == .email ? "emailed" : "given to staff"), valid \(hours) h"
                                        + (planID == nil ? "" : ", from plan")))
        return IssuedMeasureRequest(request: request, token: token, email: delivery == .email ? patient.email : nil)
    }
}

extension SQLDatabase {
    func measureRequest(tokenHash: String) async throws -> MeasureRequest? {
        try await select().column("*").from("measure_requests").where("token_hash", .equal, tokenHash).first().map(MeasureRequest.init(row:))
    }

    /// One patient's links, newest first.
    func measureRequests(patientID: UUID) async throws -> [MeasureRequest] {
        try await select().column("*").from("measure_requests").where("patient_id", .equal, patientID.lowercased)
            .orderBy("created_at", .descending).all().map(MeasureRequest.init(row:))
    }
}

extension MeasureRequest {
    init(row: any SQLRow) throws {
        self.init(
            id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)),
            patientID: try StoredValue.uuid(try row.decode(column: "patient_id", as: String.self)),
            instrument: try StoredValue.enumValue(try row.decode(column: "instrument", as: String.self)),
            reason: try row.decode(column: "reason", as: String.self),
            timing: try row.decode(column: "timing", as: String?.self).map { try StoredValue.enumValue($0) },
            requestedBy: try row.decode(column: "requested_by", as: String?.self).map(StoredValue.uuid),
            requestedByName: try row.decode(column: "requested_by_name", as: String.self),
            createdAt: try StoredValue.instant(try row.decode(column: "created_at", as: String.self)),
            expiresAt: try StoredValue.instant(try row.decode(column: "expires_at", as: String.self)),
            completedAt: try row.decode(column: "completed_at", as: String?.self).map(StoredValue.instant),
            assessmentID: try row.decode(column: "assessment_id", as: String?.self).map(StoredValue.uuid),
            planID: try row.decode(column: "plan_id", as: String?.self).map(StoredValue.uuid),
            delivery: try StoredValue.enumValue(try row.decode(column: "delivery", as: String.self)),
            deliveryNote: try row.decode(column: "delivery_note", as: String?.self))
    }
}
