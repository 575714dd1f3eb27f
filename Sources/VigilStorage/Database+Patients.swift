import Foundation
import SQLKit
import VigilCore

extension Database {
    /// Registers a patient, with the first weight and, when the record comes from a consultation
    /// request, that request marked converted — one transaction, one audit trail.
    public func createPatient(_ update: PatientUpdate, fromConsultationRequest requestID: UUID? = nil, by actor: Actor) async throws -> Patient {
        let blank = Patient(id: NewID.make(), mrn: "", givenName: "", familyName: "", birthDate: CalendarDate(year: 1900, month: 1, day: 1)!,
                            sex: .unknown, createdAt: clock(), updatedAt: clock())
        try await refuseFields(update.applied(to: blank).changedFields(from: blank), of: nil, by: actor)
        return try await write { tx in
            let mrn: String
            if let given = update.mrn {
                guard try await tx.patientID(mrn: given) == nil else { throw StorageError.conflict(field: "mrn", message: "already belongs to another patient") }
                mrn = given
            } else {
                mrn = try await tx.nextMRN()
            }
            // Registered at the site of the person registering: the patient's home site.
            let empty = Patient(id: NewID.make(), mrn: mrn, givenName: "", familyName: "", birthDate: CalendarDate(year: 1900, month: 1, day: 1)!,
                                sex: .unknown, createdAt: tx.now, updatedAt: tx.now, homeSiteID: try await tx.sql.site(id: actor.workingSite).id)
            let patient = update.applied(to: empty)
            try await tx.sql.insert(into: "patients").model(PatientRow(patient)).run()
            if let weight = update.weight { try await tx.recordWeight(weight, patientID: patient.id, by: actor) }
            try await tx.audit(AuditRecord(actor, .create, resourceType: "Patient", resourceID: patient.id.lowercased,
                                           patientID: patient.id, detail: "MRN \(mrn)"))
            if let requestID {
                try await tx.markConsultationRequest(requestID, status: .converted, note: nil, patientID: patient.id, by: actor)
            }
            return patient
        }
    }

    /// Changes demographics; the audit event names every field changed.
    /// Changes a record; ending REMS enrolment pauses the patient's esketamine course in the same transaction.
    public func updatePatient(id: UUID, _ update: PatientUpdate, today: CalendarDate, by actor: Actor) async throws -> Patient {
        let before = try await read { sql in try await sql.patient(id: id) }
        try await refuseFields(update.applied(to: before).changedFields(from: before) + (update.weight == nil ? [] : ["weight"]), of: id, by: actor)
        return try await write { tx in
            let before = try await tx.sql.patient(id: id)
            var after = update.applied(to: before)
            if after.mrn != before.mrn, try await tx.patientID(mrn: after.mrn) != nil {
                throw StorageError.conflict(field: "mrn", message: "already belongs to another patient")
            }
            var fields = after.changedFields(from: before)
            if let weight = update.weight {
                try await tx.recordWeight(weight, patientID: id, by: actor)
                if !fields.contains("weight") { fields.append("weight") }
            }
            guard !fields.isEmpty else { return before }
            after.updatedAt = tx.now
            try await tx.sql.update("patients").set(model: PatientRow(after)).where("id", .equal, id.lowercased).run()
            try await tx.audit(AuditRecord(actor, .update, resourceType: "Patient", resourceID: id.lowercased, patientID: id,
                                           detail: "fields: \(fields.joined(separator: ", "))"))
            if after.rems.status != before.rems.status {
                try await tx.pauseCoursesWithUnmetPrerequisites(patientID: id, today: today, actor: actor)
            }
            return after
        }
    }

    /// Refuses, and audits the refusal, a change to fields of a patient record the actor's role may
    /// not change (the front desk's clinical fields); the command line has no role and may.
    private func refuseFields(_ fields: [String], of patientID: UUID?, by actor: Actor) async throws {
        guard let role = actor.role, case let refused = role.refusedChanges(fields), !refused.isEmpty else { return }
        try await audit(AuditRecord(actor, patientID == nil ? .create : .update, .denied, resourceType: "Patient", resourceID: patientID?.lowercased,
                                    patientID: patientID, detail: "clinical fields need permission \(Permission.documentClinical.rawValue): \(refused.joined(separator: ", "))"))
        throw StorageError.forbidden("Your role (\(role.rawValue)) may not change clinical fields: \(refused.joined(separator: ", ")).")
    }

    /// Patients whose name, MRN or date of birth contain every word of `query`, by family name.
    /// The search itself is audited (who looked for whom), without a patient id.
    public func searchPatients(_ query: String, page: Page, by actor: Actor) async throws -> Paged<Patient> {
        let words = PatientRow.searchText(query).split(separator: " ").map(String.init)
        return try await write { tx in
            func matching(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                words.reduce(select.from("patients")) { $0.where("search_text", .like, "%\($1)%") }
            }
            let total = try await matching(tx.sql.selectCount())
                .total()
            let rows = try await matching(tx.sql.select().column("*"))
                .orderBy("family_name").orderBy("given_name").orderBy("mrn").limit(page.size).offset(page.offset)
                .all(decoding: PatientRow.self)
            var patients = try rows.map { try $0.patient() }
            let weights = try await tx.sql.latestWeights(patients.map(\.id))
            for index in patients.indices { patients[index].weight = weights[patients[index].id] }
            try await tx.audit(AuditRecord(actor, .read, resourceType: "PatientList",
                                           detail: words.isEmpty ? "all patients, page \(page.number)" : "search \"\(words.joined(separator: " "))\", page \(page.number), \(total) found",
                                           patientsShown: patients.map(\.id)))
            return Paged(items: patients, page: page, total: total)
        }
    }

    public func patientCount() async throws -> Int {
        try await read { sql in
            try await sql.selectCount().from("patients")
                .total()
        }
    }
}

extension Transaction {
    func patientID(mrn: String) async throws -> String? {
        try await sql.select().column("id").from("patients").where("mrn", .equal, mrn).first(decodingColumn: "id", as: String.self)
    }

    /// The next free MRN of the form V000001. Writes are serialised, so two registrations cannot take the same one.
    func nextMRN() async throws -> String {
        var number = try await sql.selectCount().from("patients")
            .total()
        while true {
            number += 1
            let candidate = "V" + String(format: "%06d", number)
            if try await patientID(mrn: candidate) == nil { return candidate }
        }
    }

    func recordWeight(_ weight: Weight, patientID: UUID, by actor: Actor) async throws {
        try await sql.insert(into: "patient_weights")
            .columns("id", "patient_id", "weight_kg", "measured_on", "recorded_at", "recorded_by")
            .values(SQLBind(NewID.make().lowercased), SQLBind(patientID.lowercased), SQLBind(weight.kg), SQLBind(weight.measuredOn.description),
                    SQLBind(Instant.format(now)), SQLBind(actor.userID?.lowercased))
            .run()
    }
}

extension SQLDatabase {
    /// A patient with the latest weight; a missing patient is a 404.
    func patient(id: UUID) async throws -> Patient {
        guard let row = try await select().column("*").from("patients").where("id", .equal, id.lowercased)
            .first(decoding: PatientRow.self)
        else { throw StorageError.notFound("patient") }
        var patient = try row.patient()
        patient.weight = try await weightHistory(patientID: id).first
        return patient
    }

    /// Every weight recorded, newest measurement first.
    func weightHistory(patientID: UUID) async throws -> [Weight] {
        try await select().columns("weight_kg", "measured_on").from("patient_weights").where("patient_id", .equal, patientID.lowercased)
            .orderBy("measured_on", .descending).orderBy("recorded_at", .descending).all()
            .map { Weight(kg: try $0.decode(column: "weight_kg", as: Double.self),
                          measuredOn: try StoredValue.date(try $0.decode(column: "measured_on", as: String.self))) }
    }

    func latestWeights(_ ids: [UUID]) async throws -> [UUID: Weight] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await select().columns("patient_id", "weight_kg", "measured_on").from("patient_weights")
            .where("patient_id", .in, ids.map(\.lowercased)).orderBy("measured_on").orderBy("recorded_at").all()
        var latest: [UUID: Weight] = [:]
        for row in rows {
            latest[try StoredValue.uuid(try row.decode(column: "patient_id", as: String.self))] =
                Weight(kg: try row.decode(column: "weight_kg", as: Double.self),
                       measuredOn: try StoredValue.date(try row.decode(column: "measured_on", as: String.self)))
        }
        return latest
    }
}

/// The patients row, column for column.
struct PatientRow: Codable, Sendable {
    var id: String
    var mrn: String
    var given_name: String
    var family_name: String
    var birth_date: String
    var sex: String
    var phone: String?
    var email: String?
    var address: String?
    var height_cm: Double?
    var diagnoses: String
    var medications: String
    var allergies: String
    var emergency_contact: String?
    var ride_home_contact: String?
    var rems_status: String
    var rems_date: String?
    var search_text: String
    var created_at: String
    var updated_at: String
    var home_site_id: String

    init(_ patient: Patient) {
        id = patient.id.lowercased
        mrn = patient.mrn
        given_name = patient.givenName
        family_name = patient.familyName
        birth_date = patient.birthDate.description
        sex = patient.sex.rawValue
        phone = patient.phone
        email = patient.email
        address = patient.address
        height_cm = patient.heightCm
        diagnoses = StoredValue.json(patient.diagnoses)
        medications = StoredValue.json(patient.medications)
        allergies = StoredValue.json(patient.allergies)
        emergency_contact = patient.emergencyContact.map(StoredValue.json)
        ride_home_contact = patient.rideHomeContact.map(StoredValue.json)
        rems_status = patient.rems.status.rawValue
        rems_date = patient.rems.date?.description
        search_text = Self.searchText("\(patient.givenName) \(patient.familyName) \(patient.mrn) \(patient.birthDate)")
        created_at = Instant.format(patient.createdAt)
        updated_at = Instant.format(patient.updatedAt)
        home_site_id = patient.homeSiteID.lowercased
    }

    /// Lower case, accents folded, LIKE wildcards removed, single spaces: the form both the stored
    /// text and a query take, so "José" finds "jose" and "%" finds nothing special.
    static func searchText(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "%", with: " ").replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "\\", with: " ")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    func patient() throws -> Patient {
        Patient(id: try StoredValue.uuid(id), mrn: mrn, givenName: given_name, familyName: family_name,
                birthDate: try StoredValue.date(birth_date), sex: try StoredValue.enumValue(sex), phone: phone, email: email,
                address: address, heightCm: height_cm, diagnoses: try StoredValue.decode(diagnoses),
                medications: try StoredValue.decode(medications), allergies: try StoredValue.decode(allergies),
                emergencyContact: try emergency_contact.map(StoredValue.decode), rideHomeContact: try ride_home_contact.map(StoredValue.decode),
                rems: RemsEnrollment(status: try StoredValue.enumValue(rems_status), date: try rems_date.map(StoredValue.date)),
                createdAt: try StoredValue.instant(created_at), updatedAt: try StoredValue.instant(updated_at),
                homeSiteID: try StoredValue.uuid(home_site_id))
    }
}
