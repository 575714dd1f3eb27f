import Foundation
import SQLKit
import VigilCore

extension Database {
    /// Records a scored measure; a suicidality flag raises an alert in the same transaction. Both are audited.
    public func recordAssessment(_ checked: AssessmentForm.Checked, patientID: UUID, enteredBy: User?, by actor: Actor) async throws
        -> (Assessment, SuicidalityAlert?) {
        try await write { tx in
            _ = try await tx.sql.patient(id: patientID)
            return try await tx.recordAssessment(checked, patientID: patientID, enteredBy: enteredBy, actor: actor)
        }
    }

    /// A patient's assessments, oldest first, optionally one instrument and a time window; an audited read.
    public func assessments(patientID: UUID, instrument: InstrumentID?, from: Date?, to: Date?, by actor: Actor) async throws -> [Assessment] {
        try await write { tx in
            _ = try await tx.sql.patient(id: patientID)
            let found = try await tx.sql.assessments(patientID: patientID, instrument: instrument, from: from, to: to)
            try await tx.audit(AuditRecord(actor, .read, resourceType: "Assessment", resourceID: patientID.lowercased, patientID: patientID,
                                           detail: "assessments\(instrument.map { " \($0.rawValue)" } ?? ""): \(found.count)"))
            return found
        }
    }
}

extension Transaction {
    func recordAssessment(_ checked: AssessmentForm.Checked, patientID: UUID, enteredBy: User?, actor: Actor) async throws
        -> (Assessment, SuicidalityAlert?) {
        if let sessionID = checked.sessionID {
            let owner = try await sql.select().column("patient_id").from("dosing_sessions").where("id", .equal, sessionID.lowercased)
                .first(decodingColumn: "patient_id", as: String.self)
            guard owner == patientID.lowercased else { throw ValidationError("sessionId", "is not a dosing session of this patient") }
        }
        let assessment = Assessment(id: NewID.make(), patientID: patientID, instrument: checked.instrument.id, version: checked.instrument.version,
                                    answers: checked.answers, score: checked.score, takenAt: checked.takenAt, source: checked.source,
                                    timing: checked.timing, sessionID: checked.sessionID, enteredBy: enteredBy?.id,
                                    enteredByName: enteredBy?.name, recordedAt: now)
        let score = assessment.score
        try await RowWriter.assessment.insert(assessment, into: sql)
        let name = checked.instrument.name
        let summary = [score.total.map { "total \($0)" }, score.severity].compactMap { $0 }.joined(separator: ", ")
        let flags = score.flags.isEmpty ? "" : "; flags: \(score.flags.map(\.rawValue).joined(separator: ", "))"
        try await audit(AuditRecord(actor, .create, resourceType: "Assessment", resourceID: assessment.id.lowercased, patientID: patientID,
                                    detail: "\(name) \(summary)\(flags)"))
        guard let level = SuicidalityAlert.Level.of(score.flags) else { return (assessment, nil) }
        let alert = SuicidalityAlert(id: NewID.make(), patientID: patientID, assessmentID: assessment.id, instrument: assessment.instrument,
                                     level: level, reasons: score.reasons, raisedAt: now)
        try await sql.insert(into: "suicidality_alerts")
            .columns("id", "patient_id", "assessment_id", "instrument", "level", "reasons", "raised_at")
            .values(SQLBind(alert.id.lowercased), SQLBind(patientID.lowercased), SQLBind(assessment.id.lowercased),
                    SQLBind(assessment.instrument.rawValue), SQLBind(level.rawValue), SQLBind(StoredValue.json(alert.reasons)), SQLBind(Instant.format(now)))
            .run()
        try await audit(AuditRecord(actor, .create, resourceType: "SuicidalityAlert", resourceID: alert.id.lowercased, patientID: patientID,
                                    detail: "\(level.rawValue) alert raised by \(name)"))
        return (assessment, alert)
    }
}

extension Transaction {
    /// Writes measures scored elsewhere — the synthetic network's — many rows a statement.
    public func insert(assessments: [Assessment]) async throws {
        try await RowWriter.assessment.insert(assessments, into: sql)
    }
}

extension RowWriter where Value == Assessment {
    static let assessment = RowWriter(
        table: "assessments",
        columns: ["id", "patient_id", "instrument", "version", "answers", "total", "severity", "flags", "domains", "symptom_groups",
                  "risk", "reasons", "taken_at", "source", "timing", "session_id", "entered_by", "entered_by_name", "recorded_at"]
    ) { assessment in
        let score = assessment.score
        return [assessment.id.lowercased, assessment.patientID.lowercased, assessment.instrument.rawValue, assessment.version,
                StoredValue.json(assessment.answers), score.total, score.severity, StoredValue.json(score.flags), StoredValue.json(score.domains),
                StoredValue.json(Dictionary(uniqueKeysWithValues: score.groups.map { ($0.key.rawValue, $0.value) })), score.risk?.rawValue,
                StoredValue.json(score.reasons), Instant.format(assessment.takenAt), assessment.source.rawValue, assessment.timing?.rawValue,
                assessment.sessionID?.lowercased, assessment.enteredBy?.lowercased, assessment.enteredByName, Instant.format(assessment.recordedAt)]
    }
}

extension SQLDatabase {
    func assessments(patientID: UUID, instrument: InstrumentID? = nil, from: Date? = nil, to: Date? = nil) async throws -> [Assessment] {
        var query = select().column("*").from("assessments").where("patient_id", .equal, patientID.lowercased)
        if let instrument { query = query.where("instrument", .equal, instrument.rawValue) }
        if let from { query = query.where("taken_at", .greaterThanOrEqual, Instant.format(from)) }
        if let to { query = query.where("taken_at", .lessThanOrEqual, Instant.format(to)) }
        return try await query.orderBy("taken_at").orderBy("recorded_at").all().map(Assessment.init(row:))
    }
}

extension Assessment {
    init(row: any SQLRow) throws {
        let groups: [String: Int] = try StoredValue.decode(try row.decode(column: "symptom_groups", as: String.self))
        let score = Score(
            total: try row.decode(column: "total", as: Int?.self), severity: try row.decode(column: "severity", as: String?.self),
            flags: try StoredValue.decode(try row.decode(column: "flags", as: String.self)),
            domains: try StoredValue.decode(try row.decode(column: "domains", as: String.self)),
            groups: Dictionary(uniqueKeysWithValues: try groups.map { (try StoredValue.enumValue($0.key) as SymptomGroup, $0.value) }),
            risk: try row.decode(column: "risk", as: String?.self).map { try StoredValue.enumValue($0) },
            reasons: try StoredValue.decode(try row.decode(column: "reasons", as: String.self)))
        self.init(
            id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)),
            patientID: try StoredValue.uuid(try row.decode(column: "patient_id", as: String.self)),
            instrument: try StoredValue.enumValue(try row.decode(column: "instrument", as: String.self)),
            version: try row.decode(column: "version", as: String.self),
            answers: try StoredValue.decode(try row.decode(column: "answers", as: String.self)), score: score,
            takenAt: try StoredValue.instant(try row.decode(column: "taken_at", as: String.self)),
            source: try StoredValue.enumValue(try row.decode(column: "source", as: String.self)),
            timing: try row.decode(column: "timing", as: String?.self).map { try StoredValue.enumValue($0) },
            sessionID: try row.decode(column: "session_id", as: String?.self).map(StoredValue.uuid),
            enteredBy: try row.decode(column: "entered_by", as: String?.self).map(StoredValue.uuid),
            enteredByName: try row.decode(column: "entered_by_name", as: String?.self),
            recordedAt: try StoredValue.instant(try row.decode(column: "recorded_at", as: String.self)))
    }
}
