import Foundation
import SQLKit
import VigilCore

extension Transaction {
    /// Appends an event to the audit chain inside this transaction: it commits with the change it
    /// records or not at all. Writes are serialised (see `Database.write`), so reading the chain's
    /// head here is race-free.
    @discardableResult
    public func audit(_ record: AuditRecord) async throws -> AuditEvent {
        try await audit([(record, now)])[0]
    }

    /// Appends events, each at its own instant, in one go: the chain's head is read once and the
    /// rows written many to a statement (a load of the synthetic network).
    @discardableResult
    public func audit(_ records: [(AuditRecord, at: Date)]) async throws -> [AuditEvent] {
        var (sequence, previousHash) = try await HashChain.audit.next(in: sql)
        var events: [AuditEvent] = []
        var shown: [(patient: String, sequence: Int64)] = []
        events.reserveCapacity(records.count)
        for (record, at) in records {
            var seen = Set<UUID>()
            var event = AuditEvent(
                id: NewID.make(), sequence: sequence, occurredAt: at, actor: record.actor,
                action: record.action, outcome: record.outcome, patientID: record.patientID,
                resourceType: record.resourceType, resourceID: record.resourceID, detail: record.detail,
                patientsShown: record.patientsShown.filter { seen.insert($0).inserted },
                previousHash: previousHash, hash: "")
            event.hash = Digest.sha256Hex(event.canonicalContent)
            shown += event.patientsShown.map { ($0.lowercased, sequence) }
            events.append(event)
            previousHash = event.hash
            sequence += 1
        }
        try await insertModels(events.map(AuditRow.init), into: "audit_events", columns: 17, on: sql)
        // The index that finds a patient's list appearances; the hashed column is the record.
        try await RowWriter.patientsShown.insert(shown, into: sql)
        return events
    }
}

extension RowWriter where Value == (patient: String, sequence: Int64) {
    static let patientsShown = RowWriter(table: "audit_event_patients", columns: ["patient_id", "sequence"]) { [$0.patient, $0.sequence] }
}

extension Database {
    /// Records events that stand alone (a failed sign-in, a denied request) in their own transaction.
    public func audit(_ records: AuditRecord...) async throws {
        try await write { tx in
            for record in records { try await tx.audit(record) }
        }
    }

    /// One page of audit events matching the filter.
    public func auditEvents(_ filter: AuditFilter) async throws -> Paged<AuditEvent> {
        try await read { sql in
            func matching(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
                var query = query
                if let id = filter.patientID {
                    // The patient's own records, and every list that showed them.
                    query = query.where {
                        $0.where("patient_id", .equal, id.lowercased)
                            .orWhere(SQLColumn("sequence"), .in, SQLSubquery.select { $0.column("sequence").from("audit_event_patients")
                                .where("patient_id", .equal, id.lowercased) })
                    }
                }
                if let id = filter.userID { query = query.where("user_id", .equal, id.lowercased) }
                if let action = filter.action { query = query.where("action", .equal, action.rawValue) }
                if let outcome = filter.outcome { query = query.where("outcome", .equal, outcome.rawValue) }
                if let site = filter.siteID { query = query.where("site_id", .equal, site.lowercased) }
                if let from = filter.from { query = query.where("occurred_at", .greaterThanOrEqual, Instant.format(from)) }
                if let to = filter.to { query = query.where("occurred_at", .lessThan, Instant.format(to)) }
                return query
            }
            let total = try await matching(sql.selectCount()
                .from("audit_events")).total()
            let rows = try await matching(sql.select().column("*").from("audit_events"))
                .orderBy("sequence", filter.oldestFirst ? .ascending : .descending)
                .limit(filter.page.size).offset(filter.page.offset)
                .all(decoding: AuditRow.self)
            return Paged(items: try rows.map { try $0.event() }, page: filter.page, total: total)
        }
    }

    /// Re-computes the whole audit chain from the first event (see `HashChain.verify`) and, given the
    /// checkpoint key's public half, judges it against the latest checkpoint that key signed, in the
    /// database or in `log`.
    public func verifyAuditChain(batchSize: Int = 1000, publicKey: String? = nil, log: [ChainCheckpoint] = []) async throws -> ChainVerdict {
        try await anchoredVerdict(.audit, batchSize: batchSize, publicKey: publicKey, log: log)
    }
}

extension HashChain {
    static let audit = HashChain(name: "audit", table: "audit_events", noun: "event", plural: "events") { try $0.decode(model: AuditRow.self).event() }
}

/// The audit_events row, column for column.
struct AuditRow: Codable, Sendable {
    var sequence: Int64
    var id: String
    var occurred_at: String
    var user_id: String?
    var role: String?
    var address: String?
    var session_id: String?
    var action: String
    var outcome: String
    var patient_id: String?
    var resource_type: String
    var resource_id: String?
    var detail: String?
    var patients_shown: String?
    var previous_hash: String
    var hash: String
    var site_id: String?

    init(_ event: AuditEvent) {
        sequence = event.sequence
        id = event.id.lowercased
        occurred_at = Instant.format(event.occurredAt)
        user_id = event.userID?.lowercased
        role = event.role?.rawValue
        address = event.address
        session_id = event.sessionID?.lowercased
        action = event.action.rawValue
        outcome = event.outcome.rawValue
        patient_id = event.patientID?.lowercased
        resource_type = event.resourceType
        resource_id = event.resourceID
        detail = event.detail
        patients_shown = event.patientsShownText
        previous_hash = event.previousHash
        hash = event.hash
        site_id = event.siteID?.lowercased
    }

    func event() throws -> AuditEvent {
        let actor = Actor(
            userID: try user_id.map(StoredValue.uuid), role: try role.map(StoredValue.role),
            address: address, sessionID: try session_id.map(StoredValue.uuid), siteID: try site_id.map(StoredValue.uuid))
        return AuditEvent(
            id: try StoredValue.uuid(id), sequence: sequence, occurredAt: try StoredValue.instant(occurred_at),
            actor: actor, action: try StoredValue.enumValue(action), outcome: try StoredValue.enumValue(outcome),
            patientID: try patient_id.map(StoredValue.uuid), resourceType: resource_type, resourceID: resource_id,
            detail: detail, patientsShown: try (patients_shown ?? "").split(separator: " ").map { try StoredValue.uuid(String($0)) },
            previousHash: previous_hash, hash: hash)
    }
}
