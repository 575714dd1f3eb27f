import Foundation
import SQLKit
import VigilCore

extension Database {
    public func addMedicationTrial(_ trial: MedicationTrial, patientID: UUID, by actor: Actor) async throws -> MedicationTrial {
        try await write { tx in
            _ = try await tx.sql.patient(id: patientID)
            try await tx.sql.insert(into: "medication_trials").model(MedicationTrialRow(trial, patientID: patientID, actor: actor, at: tx.now)).run()
            try await tx.audit(AuditRecord(actor, .create, resourceType: "MedicationTrial", resourceID: trial.id.lowercased, patientID: patientID,
                                           detail: "\(trial.drug) \(TreatmentResistance.formatted(trial.dailyDoseMg)) mg/day\(trial.doseOverride == nil ? "" : ", dose override")"))
            return trial
        }
    }

    public func addOtherTreatment(_ treatment: OtherTreatment, patientID: UUID, by actor: Actor) async throws -> OtherTreatment {
        try await write { tx in
            _ = try await tx.sql.patient(id: patientID)
            try await tx.sql.insert(into: "other_treatments")
                .columns("id", "patient_id", "kind", "description", "start_date", "end_date", "current_episode", "recorded_by", "recorded_at")
                .values(SQLBind(treatment.id.lowercased), SQLBind(patientID.lowercased), SQLBind(treatment.kind.rawValue), SQLBind(treatment.description),
                        SQLBind(treatment.startDate?.description), SQLBind(treatment.endDate?.description), SQLBind(treatment.currentEpisode),
                        SQLBind(actor.userID?.lowercased), SQLBind(Instant.format(tx.now)))
                .run()
            try await tx.audit(AuditRecord(actor, .create, resourceType: "OtherTreatment", resourceID: treatment.id.lowercased,
                                           patientID: patientID, detail: treatment.kind.rawValue))
            return treatment
        }
    }

    /// Records (or replaces) the current episode's start and severity.
    public func setDepressiveEpisode(_ episode: DepressiveEpisode, patientID: UUID, by actor: Actor) async throws {
        try await write { tx in
            _ = try await tx.sql.patient(id: patientID)
            try await tx.sql.delete(from: "depressive_episodes").where("patient_id", .equal, patientID.lowercased).run()
            try await tx.sql.insert(into: "depressive_episodes").columns("patient_id", "start_date", "severity", "recorded_by", "recorded_at")
                .values(SQLBind(patientID.lowercased), SQLBind(episode.startDate.description), SQLBind(episode.severity.rawValue),
                        SQLBind(actor.userID?.lowercased), SQLBind(Instant.format(tx.now)))
                .run()
            try await tx.audit(AuditRecord(actor, .update, resourceType: "DepressiveEpisode", resourceID: patientID.lowercased,
                                           patientID: patientID, detail: "since \(episode.startDate), \(episode.severity.rawValue)"))
        }
    }
}

extension SQLDatabase {
    func treatmentHistory(patientID: UUID) async throws -> TreatmentHistory {
        let trials = try await select().column("*").from("medication_trials").where("patient_id", .equal, patientID.lowercased)
            .orderBy("start_date").orderBy("recorded_at").all(decoding: MedicationTrialRow.self).map { try $0.trial() }
        let others = try await select().column("*").from("other_treatments").where("patient_id", .equal, patientID.lowercased)
            .orderBy("recorded_at").all().map { row in
                OtherTreatment(id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)),
                               kind: try StoredValue.enumValue(try row.decode(column: "kind", as: String.self)),
                               description: try row.decode(column: "description", as: String.self),
                               startDate: try row.decode(column: "start_date", as: String?.self).map(StoredValue.date),
                               endDate: try row.decode(column: "end_date", as: String?.self).map(StoredValue.date),
                               currentEpisode: try row.decode(column: "current_episode", as: Bool.self))
            }
        let episode = try await select().columns("start_date", "severity").from("depressive_episodes")
            .where("patient_id", .equal, patientID.lowercased).first().map { row in
                DepressiveEpisode(startDate: try StoredValue.date(try row.decode(column: "start_date", as: String.self)),
                                  severity: try StoredValue.enumValue(try row.decode(column: "severity", as: String.self)))
            }
        return TreatmentHistory(trials: trials, otherTreatments: others, episode: episode)
    }
}

struct MedicationTrialRow: Codable, Sendable {
    var id: String
    var patient_id: String
    var drug: String
    var daily_dose_mg: Double
    var start_date: String
    var end_date: String?
    var current_episode: Bool
    var adherence: String
    var outcome: String
    var override_prescriber: String?
    var override_reason: String?
    var recorded_by: String?
    var recorded_at: String
    var adequate_dose_on: String?

    init(_ trial: MedicationTrial, patientID: UUID, actor: Actor, at now: Date) {
        id = trial.id.lowercased
        patient_id = patientID.lowercased
        drug = trial.drug
        daily_dose_mg = trial.dailyDoseMg
        start_date = trial.startDate.description
        end_date = trial.endDate?.description
        current_episode = trial.currentEpisode
        adherence = trial.adherence.rawValue
        outcome = trial.outcome.rawValue
        override_prescriber = trial.doseOverride?.prescriberName
        override_reason = trial.doseOverride?.reason
        recorded_by = actor.userID?.lowercased
        recorded_at = Instant.format(now)
        adequate_dose_on = trial.adequateDoseOn?.description
    }

    func trial() throws -> MedicationTrial {
        MedicationTrial(id: try StoredValue.uuid(id), drug: drug, dailyDoseMg: daily_dose_mg, startDate: try StoredValue.date(start_date),
                        endDate: try end_date.map(StoredValue.date), currentEpisode: current_episode,
                        adherence: try StoredValue.enumValue(adherence), outcome: try StoredValue.enumValue(outcome),
                        doseOverride: override_prescriber.map { .init(prescriberName: $0, reason: override_reason ?? "") },
                        adequateDoseOn: try adequate_dose_on.map(StoredValue.date))
    }
}
