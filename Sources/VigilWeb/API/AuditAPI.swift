import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The audit trail report (ONC 170.315(d)(3)) and its integrity check, for admins and auditors.
struct AuditAPI {
    static let list = Endpoint(.get, "/api/v1/audit", .api, .permission(.readAuditTrail),
                               "List audit events, newest first, filtered by patient, user, action, outcome and time",
                               .init(response: "AuditEventPage", query: filterQuery + UsersAPI.pageQuery))
    static let verify = Endpoint(.get, "/api/v1/audit/verify", .api, .permission(.readAuditTrail),
                                 "Re-compute the audit hash chain", .init(response: "ChainVerdict"))

    static let filterQuery = [
        QueryParameter("patientId", "string", format: "uuid", "Only events about this patient, including the lists that showed them"),
        QueryParameter("userId", "string", format: "uuid", "Only events by this user"),
        QueryParameter("siteId", "string", format: "uuid", "Only events of work at this site"),
        QueryParameter("action", "string", "One of \(AuditAction.allCases.map(\.rawValue).joined(separator: ", "))"),
        QueryParameter("outcome", "string", "One of \(AuditOutcome.allCases.map(\.rawValue).joined(separator: ", "))"),
        QueryParameter("from", "string", format: "date-time", "Events at or after this instant (RFC 3339)"),
        QueryParameter("to", "string", format: "date-time", "Events before this instant (RFC 3339)"),
        QueryParameter("order", "string", "`desc` (newest first, default) or `asc`"),
    ]

    let database: Database
    let anchor: ChainAnchor?

    struct EventDTO: Encodable {
        let id: String
        let sequence: Int64
        let occurredAt: Date
        let userId: String?
        let role: Role?
        let address: String?
        let sessionId: String?
        let siteId: String?
        let action: AuditAction
        let outcome: AuditOutcome
        let patientId: String?
        let resourceType: String
        let resourceId: String?
        let detail: String?
        let patientsShown: [String]
        let hash: String

        init(_ event: AuditEvent) {
            id = event.id.lowercased
            sequence = event.sequence
            occurredAt = event.occurredAt
            userId = event.userID?.lowercased
            role = event.role
            address = event.address
            sessionId = event.sessionID?.lowercased
            siteId = event.siteID?.lowercased
            action = event.action
            outcome = event.outcome
            patientId = event.patientID?.lowercased
            resourceType = event.resourceType
            resourceId = event.resourceID
            detail = event.detail
            patientsShown = event.patientsShown.map(\.lowercased)
            hash = event.hash
        }
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.list) { request, context in
            let filter = try Self.filter(from: request.uri.queryParameters)
            let events = try await database.auditEvents(filter)
            try await database.audit(AuditRecord(context.actor, .read, resourceType: "AuditTrail",
                                                 patientID: filter.patientID, detail: request.uri.query))
            return try .json(PageDTO(events, EventDTO.init))
        }
        router.add(Self.verify) { _, context in
            let verdict = try await database.verifyAuditChain(anchoredBy: anchor)
            try await database.audit(AuditRecord(context.actor, .execute, resourceType: "AuditTrail",
                                                 detail: "chain verification: \(verdict.intact ? "intact" : "broken")"))
            return try .json(ChainVerdictDTO(verdict))
        }
    }

    /// Reads the filter from the query string, naming every field that cannot be used.
    static func filter(from query: Parameters) throws -> AuditFilter {
        var reader = QueryReader(query)
        let patient = reader.parsed("patientId", "must be a UUID") { UUID(uuidString: $0) }
        let user = reader.parsed("userId", "must be a UUID") { UUID(uuidString: $0) }
        let site = reader.parsed("siteId", "must be a UUID") { UUID(uuidString: $0) }
        let action = reader.parsed("action", Validator.oneOf(AuditAction.allCases)) { AuditAction(rawValue: $0) }
        let outcome = reader.parsed("outcome", Validator.oneOf(AuditOutcome.allCases)) { AuditOutcome(rawValue: $0) }
        let from = reader.instant("from")
        let to = reader.instant("to")
        let order = reader.parsed("order", "must be asc or desc") { ["asc", "desc"].contains($0) ? $0 : nil }
        if let from, let to { reader.validator.check(from < to, "to", "must be after from") }
        var page = Page()
        do { page = try Page(number: reader.value("page"), size: reader.value("perPage")) } catch { reader.validator.add(contentsOf: error.errors) }
        try reader.validator.finish()
        return AuditFilter(patientID: patient, userID: user, action: action, outcome: outcome, siteID: site, from: from, to: to,
                           oldestFirst: order == "asc", page: page)
    }
}
