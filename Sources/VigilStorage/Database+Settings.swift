import Foundation
import SQLKit
import VigilCore

extension Database {
    /// The clinic's settings: stored values over the shipped defaults.
    public func clinicSettings() async throws -> ClinicSettings {
        try await read { sql in try await sql.clinicSettings() }
    }

    /// Saves changed settings, each change audited with its old and new value.
    public func saveClinicSettings(_ settings: ClinicSettings, by actor: Actor) async throws -> ClinicSettings {
        try await write { tx in
            let before = try await tx.sql.clinicSettings()
            for ((name, old), (_, new)) in zip(before.namedValues, settings.namedValues) where old != new {
                try await tx.sql.delete(from: "clinic_settings").where("name", .equal, name).run()
                try await tx.sql.insert(into: "clinic_settings").columns("name", "value", "updated_by", "updated_at")
                    .values(SQLBind(name), SQLBind(new), SQLBind(actor.userID?.lowercased), SQLBind(Instant.format(tx.now))).run()
                try await tx.audit(AuditRecord(actor, .update, resourceType: "ClinicSetting", resourceID: name,
                                               detail: name == "crisisLine" ? "text changed" : "\(old) → \(new)"))
            }
            return settings
        }
    }

    /// The minimum-dose table in force: the built-in table with the clinic's edits.
    public func antidepressantTable() async throws -> AntidepressantTable {
        try await read { sql in try await sql.antidepressantTable() }
    }

    /// Adds or changes a drug (`edit.drug` set) or removes it (nil), audited with the old and new minimum.
    public func editAntidepressant(_ edit: AntidepressantEdit, by actor: Actor) async throws -> AntidepressantTable {
        try await write { tx in
            let before = try await tx.sql.antidepressantTable().drug(named: edit.genericName)
            if edit.drug == nil && before == nil { throw StorageError.notFound("antidepressant") }
            try await tx.sql.delete(from: "antidepressant_edits").where("generic_name", .equal, edit.genericName).run()
            if edit.drug != AntidepressantTable.standard.drug(named: edit.genericName) {
                try await tx.sql.insert(into: "antidepressant_edits")
                    .columns("generic_name", "drug_class", "minimum_daily_dose_mg", "note", "edited_by", "edited_at")
                    .values(SQLBind(edit.genericName), SQLBind(edit.drug?.drugClass.rawValue), SQLBind(edit.drug?.minimumDailyDoseMg),
                            SQLBind(edit.drug?.note), SQLBind(actor.userID?.lowercased), SQLBind(Instant.format(tx.now)))
                    .run()
            }
            func dose(_ drug: Antidepressant?) -> String { drug.map { "\(TreatmentResistance.formatted($0.minimumDailyDoseMg)) mg/day" } ?? "none" }
            try await tx.audit(AuditRecord(actor, before == nil ? .create : edit.drug == nil ? .delete : .update,
                                           resourceType: "Antidepressant", resourceID: edit.genericName,
                                           detail: "minimum: \(dose(before)) → \(dose(edit.drug))"))
            return try await tx.sql.antidepressantTable()
        }
    }
}

extension SQLDatabase {
    func clinicSettings() async throws -> ClinicSettings {
        let rows = try await select().columns("name", "value").from("clinic_settings").all()
        var settings = ClinicSettings()
        for row in rows {
            settings.set(try row.decode(column: "name", as: String.self), to: try row.decode(column: "value", as: String.self))
        }
        return settings
    }

    func antidepressantTable() async throws -> AntidepressantTable {
        let edits = try await select().column("*").from("antidepressant_edits").all().map { row in
            let name = try row.decode(column: "generic_name", as: String.self)
            let drugClass = try row.decode(column: "drug_class", as: String?.self)
            let dose = try row.decode(column: "minimum_daily_dose_mg", as: Double?.self)
            let drug = try drugClass.flatMap { drugClass in
                try dose.map { Antidepressant(name, try StoredValue.enumValue(drugClass), $0, note: try row.decode(column: "note", as: String?.self)) }
            }
            return AntidepressantEdit(genericName: name, drug: drug)
        }
        return AntidepressantTable.standard.applying(edits)
    }
}
