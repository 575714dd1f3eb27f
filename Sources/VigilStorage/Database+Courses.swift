import Foundation
import SQLKit
import VigilCore

/// A course with what its page needs: the patient, its appointments, the scores behind booster
/// advice and the decisions already made on advice.
public struct CourseFile: Sendable {
    public var course: Course
    public var patient: Patient
    /// Every appointment booked for the course, cancelled ones included, by date.
    public var appointments: [Appointment]
    /// The course's dosing sessions, by date.
    public var sessions: [DosingSession]
    public var scores: [InstrumentID: [Outcome.Point]]
    public var adviceDecisions: [String: AdviceDecision]
    /// The site the course is given at, whose calendar plans it.
    public var site: Site

    /// Advice not yet accepted or dismissed.
    public func openAdvice(settings: ClinicSettings, today: CalendarDate, timeZone: TimeZone) -> [BoosterAdvice] {
        BoosterAdviceRules.advise(course: course, held: course.heldSessions(sessions, today: today, days: site.clinicDays), scores: scores, settings: settings, timeZone: timeZone)
            .filter { adviceDecisions[$0.key] == nil }
    }
}

/// A prescriber's answer to booster advice.
public struct AdviceDecision: Sendable, Equatable {
    public enum Decision: String, Sendable, Codable, CaseIterable {
        case accepted, dismissed
    }

    public let key: String
    public let decision: Decision
    public let note: String
    public let decidedByName: String
    public let decidedAt: Date
}

extension Database {
    /// The built-in protocols and the newest version of each clinic protocol.
    public func treatmentProtocols() async throws -> [TreatmentProtocol] {
        try await read { sql in ProtocolLibrary.all + (try await sql.clinicProtocols()) }
    }

    /// Every version of one protocol, newest first (one for a built-in).
    public func protocolVersions(id: String) async throws -> [TreatmentProtocol] {
        if let builtIn = ProtocolLibrary.builtIn(id) { return [builtIn] }
        let versions = try await read { sql in try await sql.clinicProtocols(id: id, allVersions: true) }
        if versions.isEmpty { throw StorageError.notFound("protocol") }
        return versions
    }

    /// A prescriber signs the newest version of a clinic protocol, which then takes effect for new
    /// courses; audited. A version already signed is a conflict.
    public func signProtocol(id: String, prescriber: User, by actor: Actor) async throws -> TreatmentProtocol {
        try await write { tx in
            guard let latest = try await tx.sql.clinicProtocols(id: id).first else { throw StorageError.notFound("clinic protocol") }
            guard latest.signedAt == nil else {
                throw StorageError.conflict(field: "protocol", message: "\(latest.reference) was already signed by \(latest.signedByName ?? "a prescriber")")
            }
            try await tx.sql.insert(into: "protocol_signatures").columns("id", "version", "signed_by", "signed_by_name", "signed_at")
                .values(SQLBind(id), SQLBind(latest.version), SQLBind(prescriber.id.lowercased), SQLBind(prescriber.name), SQLBind(Instant.format(tx.now)))
                .run()
            try await tx.audit(AuditRecord(actor, .execute, resourceType: "TreatmentProtocol", resourceID: latest.reference,
                                           detail: "signed by \(prescriber.name): in effect for new courses"))
            return try await tx.sql.clinicProtocols(id: id).first!
        }
    }

    /// Saves a clinic protocol as its next version (version 1 for a new id), audited. Built-in ids are refused.
    /// `isNew` refuses an id already taken (two admins creating the same protocol at once).
    public func saveClinicProtocol(_ draft: TreatmentProtocol, isNew: Bool, author: User, by actor: Actor) async throws -> TreatmentProtocol {
        try await write { tx in
            if ProtocolLibrary.builtIn(draft.id) != nil {
                throw StorageError.conflict(field: "id", message: "\(draft.id) is a built-in protocol; copy it under a new id")
            }
            let latest = try await tx.sql.clinicProtocols(id: draft.id, allVersions: false).first
            if isNew, latest != nil { throw StorageError.conflict(field: "id", message: "\(draft.id) is already a protocol") }
            var saved = draft
            saved.version = (latest?.version ?? 0) + 1
            saved.builtIn = false
            (saved.signedByName, saved.signedAt) = (nil, nil)
            try await tx.sql.insert(into: "treatment_protocols").columns("id", "version", "definition", "created_by", "created_by_name", "created_at")
                .values(SQLBind(saved.id), SQLBind(saved.version), SQLBind(StoredValue.json(saved)), SQLBind(author.id.lowercased),
                        SQLBind(author.name), SQLBind(Instant.format(tx.now)))
                .run()
            try await tx.audit(AuditRecord(actor, latest == nil ? .create : .update, resourceType: "TreatmentProtocol", resourceID: saved.reference,
                                           detail: latest == nil ? "created from \(saved.basedOn ?? "scratch")" : "new version of \(latest!.reference)"))
            return saved
        }
    }

    /// Starts a course after checking the prerequisites on the record as it stands, with its first
    /// dose order(s); audited.
    public func startCourse(patientID: UUID, form: CoursePlanForm, today: CalendarDate, prescriber: User, by actor: Actor) async throws -> Course {
        try await write { tx in
            let patient = try await tx.sql.patient(id: patientID)
            var found = form.protocolID.flatMap(ProtocolLibrary.builtIn)
            if found == nil, let id = form.protocolID {
                // The newest version a prescriber signed: a draft takes effect only when signed.
                let versions = try await tx.sql.clinicProtocols(id: id, allVersions: true)
                found = versions.first(where: \.inEffect)
                if found == nil, let draft = versions.first {
                    throw ValidationError("protocol", "\(draft.reference) has not been signed by a prescriber; it takes effect when one signs it on the Protocols page")
                }
            }
            let settings = try await tx.sql.clinicSettings()
            let resistance = try await tx.sql.treatmentHistory(patientID: patientID)
                .evaluate(table: try await tx.sql.antidepressantTable(), criteria: settings.criteria, today: today).resistance
            let checked = try form.checked(protocol: found, patient: patient, decisions: try await tx.sql.eligibilityDecisions(patientID: patientID),
                                           consents: try await tx.sql.consents(patientID: patientID), treatmentResistant: resistance.treatmentResistant,
                                           inductionPerWeek: settings.inductionPerWeek, today: today)
            let concurrent = try form.concurrentCourse(with: try await tx.sql.courses(patientID: patientID))
            let id = NewID.make()
            let used = checked.treatmentProtocol
            try await tx.sql.insert(into: "courses")
                .columns("id", "patient_id", "protocol_id", "protocol_version", "protocol", "start_date", "cadences", "status",
                         "created_by", "created_by_name", "created_at", "site_id")
                .values(SQLBind(id.lowercased), SQLBind(patientID.lowercased), SQLBind(used.id), SQLBind(used.version), SQLBind(StoredValue.json(used)),
                        SQLBind(checked.startDate.description), SQLBind(StoredValue.json(checked.cadences)), SQLBind(CourseStatus.planned.rawValue),
                        SQLBind(prescriber.id.lowercased), SQLBind(prescriber.name), SQLBind(Instant.format(tx.now)),
                        SQLBind(try await tx.sql.openSite(id: actor.workingSite).id.lowercased))
                .run()
            for (from, order) in checked.orders {
                let reason = from == 1 && used.dosing.firstDose != nil && checked.orders.count > 1 ? "course start: the label's day-1 dose" : "course start"
                try await tx.insertDoseOrder(order, courseID: id, fromSession: from, reason: reason, prescriber: prescriber)
            }
            let doses = checked.orders.map { "\($0.order.dose.shown) from session \($0.fromSession)" }.joined(separator: ", ")
            try await tx.audit(AuditRecord(actor, .create, resourceType: "Course", resourceID: id.lowercased, patientID: patientID,
                                           detail: "\(used.reference) from \(checked.startDate); \(doses)\(checked.indication.map { "; \($0)" } ?? "")\(concurrent.map { "; \($0)" } ?? "")"))
            return try await tx.sql.course(id: id)
        }
    }

    /// A course with its patient, appointments, scores and advice decisions; audited as a read.
    public func courseFile(id: UUID, by actor: Actor) async throws -> CourseFile {
        try await write { tx in
            let course = try await tx.sql.course(id: id)
            let patient = try await tx.sql.patient(id: course.patientID)
            var scores: [InstrumentID: [Outcome.Point]] = [:]
            for assessment in try await tx.sql.assessments(patientID: patient.id) where BoosterAdviceRules.instruments.contains(assessment.instrument) {
                if let total = assessment.score.total {
                    scores[assessment.instrument, default: []].append(Outcome.Point(total: total, takenAt: assessment.takenAt, timing: assessment.timing))
                }
            }
            let decisions = try await tx.sql.select().column("*").from("booster_advice_decisions").where("course_id", .equal, id.lowercased).all()
                .map { row in
                    AdviceDecision(key: try row.decode(column: "advice_key", as: String.self),
                                   decision: try StoredValue.enumValue(try row.decode(column: "decision", as: String.self)),
                                   note: try row.decode(column: "note", as: String.self),
                                   decidedByName: try row.decode(column: "decided_by_name", as: String.self),
                                   decidedAt: try StoredValue.instant(try row.decode(column: "decided_at", as: String.self)))
                }
            let appointments = try await tx.sql.appointments(where: { $0.where("course_id", .equal, id.lowercased) })
            let sessions = try await tx.sql.dosingSessions(where: { $0.where("course_id", .equal, id.lowercased) })
            try await tx.audit(AuditRecord(actor, .read, resourceType: "Course", resourceID: id.lowercased, patientID: patient.id,
                                           detail: "course, appointments, sessions, scores"))
            return CourseFile(course: course, patient: patient, appointments: appointments, sessions: sessions, scores: scores,
                              adviceDecisions: Dictionary(uniqueKeysWithValues: decisions.map { ($0.key, $0) }), site: try await tx.sql.site(id: course.siteID))
        }
    }

    /// Moves a course along its state machine; an illegal move is a 409 with the reason. Audited.
    public func changeCourseStatus(id: UUID, to next: CourseStatus, reason: String?, today: CalendarDate, by actor: Actor) async throws -> Course {
        try await write { tx in
            try await tx.moveCourse(try await tx.sql.course(id: id), to: next, reason: reason, today: today, actor: actor)
            return try await tx.sql.course(id: id)
        }
    }

    /// A prescriber's dose order from a session on, checked against the protocol the course started
    /// with and the patient's latest weight; audited with the old and new dose.
    public func orderDose(courseID: UUID, doseMgPerKg: Double?, doseMg: Double?, fromSession: Int?, reason: String?, overrideReason: String?,
                          today: CalendarDate, prescriber: User, by actor: Actor) async throws -> Course {
        try await write { tx in
            let course = try await tx.sql.course(id: courseID)
            try course.requireOpen("order doses")
            let patient = try await tx.sql.patient(id: course.patientID)
            let days = try await tx.sql.site(id: course.siteID).clinicDays
            let plan = course.plannedSessions(today: today, days: days)
            var validator = Validator()
            let from = fromSession ?? course.nextSession(today: today, days: days)?.number ?? 1
            validator.check(plan.contains { $0.number == from }, "fromSession", "must be one of the course's \(plan.count) planned sessions")
            let text = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            validator.check((5...1000).contains(text.count), "reason", "must say why the dose changes (5 to 1000 characters)")
            var checked: DoseOrder.Checked?
            do throws(ValidationError) {
                checked = try DoseOrder.checked(doseMgPerKg: doseMgPerKg, doseMg: doseMg, overrideReason: overrideReason,
                                                dosing: course.treatmentProtocol.dosing, weight: patient.weight, today: today, fromSession: from)
            } catch { validator.add(contentsOf: error.errors) }
            try validator.finish()
            try await tx.orderDose(checked!, course: course, fromSession: from, reason: text, prescriber: prescriber, actor: actor)
            return try await tx.sql.course(id: courseID)
        }
    }

    /// Accepts (planning a booster on `boosterDate`) or dismisses open advice, with a note; audited.
    public func decideBoosterAdvice(courseID: UUID, key: String, accept: Bool, note: String?, boosterDate: CalendarDate?, settings: ClinicSettings,
                                    today: CalendarDate, timeZone: TimeZone, prescriber: User, by actor: Actor) async throws -> Course {
        let file = try await courseFile(id: courseID, by: actor)
        guard let advice = file.openAdvice(settings: settings, today: today, timeZone: timeZone).first(where: { $0.key == key }) else {
            throw StorageError.notFound("open advice")
        }
        var validator = Validator()
        let text = note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        validator.check(accept ? text.count <= 1000 : (5...1000).contains(text.count), "note",
                        accept ? "must be at most 1000 characters" : "must say why the advice is dismissed (5 to 1000 characters)")
        let date = boosterDate ?? today
        if accept {
            validator.check(date >= today && date <= today.adding(days: 90), "boosterDate", "must be from today to 90 days ahead")
        }
        try validator.finish()
        return try await write { tx in
            let decided = try await tx.sql.selectCount().from("booster_advice_decisions").where("course_id", .equal, courseID.lowercased)
                .where("advice_key", .equal, key).total()
            if decided > 0 { throw ConflictError("advice", "was already decided by someone else") }
            try await tx.sql.insert(into: "booster_advice_decisions")
                .columns("course_id", "advice_key", "decision", "note", "decided_by", "decided_by_name", "decided_at")
                .values(SQLBind(courseID.lowercased), SQLBind(key), SQLBind(accept ? "accepted" : "dismissed"), SQLBind(text),
                        SQLBind(prescriber.id.lowercased), SQLBind(prescriber.name), SQLBind(Instant.format(tx.now)))
                .run()
            if accept {
                try await tx.sql.insert(into: "course_boosters").columns("id", "course_id", "planned_date", "reason", "created_by", "created_at")
                    .values(SQLBind(NewID.make().lowercased), SQLBind(courseID.lowercased), SQLBind(date.description),
                            SQLBind(text.isEmpty ? advice.title : text), SQLBind(prescriber.id.lowercased), SQLBind(Instant.format(tx.now)))
                    .run()
            }
            try await tx.audit(AuditRecord(actor, .update, resourceType: "BoosterAdvice", resourceID: courseID.lowercased, patientID: file.patient.id,
                                           detail: "\(accept ? "accepted, booster planned for \(date)" : "dismissed"): \(advice.title)"))
            return try await tx.sql.course(id: courseID)
        }
    }
}

extension Transaction {
    /// Moves a course to another status, checked by its state machine, with the reason; audited.
    func moveCourse(_ course: Course, to next: CourseStatus, reason: String?, today: CalendarDate, actor: Actor) async throws {
        let reason = try course.status.moving(to: next, reason: reason)
        try await sql.update("courses").set("status", to: SQLBind(next.rawValue)).set("status_reason", to: SQLBind(reason))
            .set("status_changed_on", to: SQLBind(today.description)).where("id", .equal, course.id.lowercased).run()
        try await audit(AuditRecord(actor, .update, resourceType: "Course", resourceID: course.id.lowercased, patientID: course.patientID,
                                    detail: "\(course.status.rawValue) → \(next.rawValue)\(reason.map { ": \($0)" } ?? "")"))
    }

    /// Stores a checked dose order from a session on, audited with the old and new dose.
    func orderDose(_ order: DoseOrder.Checked, course: Course, fromSession: Int, reason: String, prescriber: User, actor: Actor) async throws {
        let before = course.dose(forSession: fromSession)
        try await insertDoseOrder(order, courseID: course.id, fromSession: fromSession, reason: reason, prescriber: prescriber)
        try await audit(AuditRecord(actor, .update, resourceType: "DoseOrder", resourceID: course.id.lowercased, patientID: course.patientID,
                                    detail: "from session \(fromSession): \(before.shown) → \(order.dose.shown)\(order.overrideReason.map { "; override: \($0)" } ?? ""); \(reason)"))
    }

    func insertDoseOrder(_ order: DoseOrder.Checked, courseID: UUID, fromSession: Int, reason: String, prescriber: User) async throws {
        try await sql.insert(into: "dose_orders")
            .columns("id", "course_id", "from_session", "amount", "dose_mg", "dose_mg_per_kg", "devices", "weight_kg", "weight_measured_on",
                     "reason", "override_reason", "ordered_by", "ordered_by_name", "ordered_at")
            .values(SQLBind(NewID.make().lowercased), SQLBind(courseID.lowercased), SQLBind(fromSession), SQLBind(order.amount), SQLBind(order.dose.mg),
                    SQLBind(order.dose.mgPerKg), SQLBind(order.dose.devices), SQLBind(order.weight?.kg), SQLBind(order.weight?.measuredOn.description),
                    SQLBind(reason), SQLBind(order.overrideReason), SQLBind(prescriber.id.lowercased), SQLBind(prescriber.name),
                    SQLBind(Instant.format(now)))
            .run()
    }
}

extension SQLDatabase {
    func clinicProtocols(id: String? = nil, allVersions: Bool = false) async throws -> [TreatmentProtocol] {
        var select = select().column("definition").from("treatment_protocols")
        if let id { select = select.where("id", .equal, id) }
        var signatures = self.select().column("*").from("protocol_signatures")
        if let id { signatures = signatures.where("id", .equal, id) }
        let signed = Dictionary(uniqueKeysWithValues: try await signatures.all().map { row in
            ("\(try row.decode(column: "id", as: String.self)) v\(try row.decode(column: "version", as: Int.self))",
             (try row.decode(column: "signed_by_name", as: String.self), try StoredValue.instant(try row.decode(column: "signed_at", as: String.self))))
        })
        let all: [TreatmentProtocol] = try await select.orderBy("id").orderBy("version", .descending).all().map { row in
            var found: TreatmentProtocol = try StoredValue.decode(try row.decode(column: "definition", as: String.self))
            (found.signedByName, found.signedAt) = (signed[found.reference]?.0, signed[found.reference]?.1)
            return found
        }
        if allVersions { return all }
        var seen = Set<String>()
        return all.filter { seen.insert($0.id).inserted }
    }

    func course(id: UUID) async throws -> Course {
        guard let course = try await courses(where: { $0.where("id", .equal, id.lowercased) }).first else { throw StorageError.notFound("course") }
        return course
    }

    func courses(patientID: UUID) async throws -> [Course] {
        try await courses(where: { $0.where("patient_id", .equal, patientID.lowercased) })
    }

    func courses(where filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Course] {
        let rows = try await filter(select().column("*").from("courses")).orderBy("created_at", .descending).all()
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
        let orders = try await select().column("*").from("dose_orders").where("course_id", .in, ids).all().map { row in
            DoseOrder(id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)),
                      courseID: try StoredValue.uuid(try row.decode(column: "course_id", as: String.self)),
                      fromSession: try row.decode(column: "from_session", as: Int.self), amount: try row.decode(column: "amount", as: Double.self),
                      dose: Dose(mg: try row.decode(column: "dose_mg", as: Double.self), mgPerKg: try row.decode(column: "dose_mg_per_kg", as: Double?.self),
                                 devices: try row.decode(column: "devices", as: Int?.self)),
                      weight: try row.decode(column: "weight_kg", as: Double?.self).map { kg in
                          Weight(kg: kg, measuredOn: try StoredValue.date(try row.decode(column: "weight_measured_on", as: String.self)))
                      },
                      reason: try row.decode(column: "reason", as: String.self), overrideReason: try row.decode(column: "override_reason", as: String?.self),
                      orderedBy: try row.decode(column: "ordered_by", as: String?.self).map(StoredValue.uuid),
                      orderedByName: try row.decode(column: "ordered_by_name", as: String.self),
                      orderedAt: try StoredValue.instant(try row.decode(column: "ordered_at", as: String.self)))
        }
        let boosters = try await select().column("*").from("course_boosters").where("course_id", .in, ids).orderBy("planned_date").all().map { row in
            (try row.decode(column: "course_id", as: String.self),
             Course.Booster(date: try StoredValue.date(try row.decode(column: "planned_date", as: String.self)),
                            reason: try row.decode(column: "reason", as: String.self)))
        }
        return try rows.map { row in
            let id = try StoredValue.uuid(try row.decode(column: "id", as: String.self))
            return Course(id: id, patientID: try StoredValue.uuid(try row.decode(column: "patient_id", as: String.self)),
                          treatmentProtocol: try StoredValue.decode(try row.decode(column: "protocol", as: String.self)),
                          startDate: try StoredValue.date(try row.decode(column: "start_date", as: String.self)),
                          cadences: try StoredValue.decode(try row.decode(column: "cadences", as: String.self)),
                          status: try StoredValue.enumValue(try row.decode(column: "status", as: String.self)),
                          statusReason: try row.decode(column: "status_reason", as: String?.self),
                          statusChangedOn: try row.decode(column: "status_changed_on", as: String?.self).map(StoredValue.date),
                          createdByName: try row.decode(column: "created_by_name", as: String.self),
                          createdAt: try StoredValue.instant(try row.decode(column: "created_at", as: String.self)),
                          orders: orders.filter { $0.courseID == id }, boosters: boosters.filter { $0.0 == id.lowercased }.map(\.1),
                          siteID: try StoredValue.uuid(try row.decode(column: "site_id", as: String.self)))
        }
    }
}
