import Foundation
import SQLKit
import VigilCore

/// The dosing session tables' row writers: the session, and the moves, vitals, administration and
/// side effects added to it. `recordedBy` is the user whose request wrote the row, at `recordedAt`.
extension RowWriter where Value == (session: DosingSession, createdBy: UUID?, updatedAt: Date) {
    static let dosingSession = RowWriter(
        table: "dosing_sessions",
        columns: ["id", "patient_id", "course_id", "session_number", "route", "appointment_id", "session_date", "chair", "status",
                  "checklist", "acknowledgement", "sign_off", "rems_submission", "created_by", "created_at", "updated_at", "site_id"]
    ) { value in
        let session = value.session
        return [session.id.lowercased, session.patientID.lowercased, session.courseID.lowercased, session.sessionNumber, session.route.rawValue,
                session.appointmentID?.lowercased, session.date.description, session.chair, session.status.rawValue,
                StoredValue.json(session.checklist), session.acknowledgement.map(StoredValue.json), session.signOff.map(StoredValue.json),
                session.remsSubmission.map(StoredValue.json), value.createdBy?.lowercased, Instant.format(session.createdAt),
                Instant.format(value.updatedAt), session.siteID.lowercased]
    }
}

extension RowWriter where Value == (sessionID: UUID, move: SessionTransition) {
    static let sessionMove = RowWriter(
        table: "session_transitions", columns: ["id", "session_id", "from_status", "to_status", "moved_at", "moved_by", "moved_by_name", "note"]
    ) { value in
        let move = value.move
        return [NewID.make().lowercased, value.sessionID.lowercased, move.from.rawValue, move.to.rawValue, Instant.format(move.at),
                move.byID?.lowercased, move.byName, move.note]
    }
}

extension RowWriter where Value == (sessionID: UUID, reading: VitalSigns, recordedBy: UUID?, recordedAt: Date) {
    static let vitals = RowWriter(
        table: "session_vitals",
        columns: ["id", "session_id", "taken_at", "systolic", "diastolic", "heart_rate", "spo2", "respiratory_rate", "sedation",
                  "recorded_by", "recorded_by_name", "recorded_at"]
    ) { value in
        let reading = value.reading
        return [reading.id.lowercased, value.sessionID.lowercased, Instant.format(reading.takenAt), reading.systolic, reading.diastolic,
                reading.heartRate, reading.spo2, reading.respiratoryRate, reading.sedation, value.recordedBy?.lowercased,
                reading.recordedByName, Instant.format(value.recordedAt)]
    }
}

extension RowWriter where Value == (sessionID: UUID, given: Administration, recordedBy: UUID?, recordedAt: Date) {
    static let administration = RowWriter(
        table: "session_administrations", columns: ["id", "session_id", "dose_mg", "lot", "started_at", "record", "recorded_by", "recorded_at"]
    ) { value in
        let given = value.given
        return [given.id.lowercased, value.sessionID.lowercased, given.doseMg, given.lot, Instant.format(given.startedAt), StoredValue.json(given),
                value.recordedBy?.lowercased, Instant.format(value.recordedAt)]
    }
}

extension RowWriter where Value == (sessionID: UUID, effect: SideEffect, recordedBy: UUID?, recordedAt: Date) {
    static let sideEffect = RowWriter(
        table: "session_side_effects",
        columns: ["id", "session_id", "kind", "severity", "occurred_at", "intervention", "recorded_by", "recorded_by_name", "recorded_at"]
    ) { value in
        let effect = value.effect
        return [effect.id.lowercased, value.sessionID.lowercased, effect.kind.rawValue, effect.severity.rawValue, Instant.format(effect.at),
                effect.intervention, value.recordedBy?.lowercased, effect.recordedByName, Instant.format(value.recordedAt)]
    }
}

extension Transaction {
    /// Writes sessions charted elsewhere — the synthetic network's history — with everything added
    /// to them, many rows a statement, as recorded by `recordedBy` at each session's last move.
    public func insert(sessions: [DosingSession], recordedBy: UUID?) async throws {
        let at = { (session: DosingSession) in session.transitions.last?.at ?? session.createdAt }
        try await RowWriter.dosingSession.insert(sessions.map { ($0, recordedBy, at($0)) }, into: sql)
        try await RowWriter.sessionMove.insert(sessions.flatMap { session in session.transitions.map { (session.id, $0) } }, into: sql)
        try await RowWriter.vitals.insert(sessions.flatMap { session in session.vitals.map { (session.id, $0, recordedBy, $0.takenAt) } }, into: sql)
        try await RowWriter.administration.insert(sessions.compactMap { session in
            session.administration.map { (session.id, $0, recordedBy, $0.startedAt) }
        }, into: sql)
        try await RowWriter.sideEffect.insert(sessions.flatMap { session in session.sideEffects.map { (session.id, $0, recordedBy, $0.at) } }, into: sql)
    }
}
