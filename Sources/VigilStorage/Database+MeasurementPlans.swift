import Foundation
import SQLKit
import VigilCore

/// A plan with where it stands today, for the measures board and the chart.
public struct PlannedMeasure: Sendable {
    public let plan: MeasurementPlan
    public let patientName: String
    public let progress: MeasurementPlan.Progress
    public let newestRequest: MeasureRequest?
}

/// How the clinic's calendar reads plans: today, its time zone, and how long links live.
public struct MeasureCalendar: Sendable {
    public let today: CalendarDate
    public let timeZone: TimeZone
    public let linkHours: Int

    public init(today: CalendarDate, timeZone: TimeZone, linkHours: Int) {
        self.today = today
        self.timeZone = timeZone
        self.linkHours = linkHours
    }

    /// Whole days a link lives, the grace before a due measure counts as overdue.
    var graceDays: Int { max(1, linkHours / 24) }
}

extension Database {
    /// Starts a plan; returned with where it stands today (a measure taken recently counts).
    public func createMeasurementPlan(patientID: UUID, instrument: Instrument, everyDays: Int, startDate: CalendarDate, reason: String,
                                      creator: User, calendar: MeasureCalendar, by actor: Actor) async throws -> PlannedMeasure {
        try await write { tx in
            _ = try await tx.sql.patient(id: patientID)
            let plan = MeasurementPlan(id: NewID.make(), patientID: patientID, instrument: instrument.id, everyDays: everyDays, startDate: startDate,
                                       reason: reason, createdBy: creator.id, createdByName: creator.name, createdAt: tx.now, stoppedAt: nil)
            try await tx.sql.insert(into: "measurement_plans")
                .columns("id", "patient_id", "instrument", "every_days", "start_date", "reason", "created_by", "created_by_name", "created_at")
                .values(SQLBind(plan.id.lowercased), SQLBind(patientID.lowercased), SQLBind(instrument.id.rawValue), SQLBind(everyDays),
                        SQLBind(startDate.description), SQLBind(reason), SQLBind(creator.id.lowercased), SQLBind(creator.name),
                        SQLBind(Instant.format(tx.now)))
                .run()
            try await tx.audit(AuditRecord(actor, .create, resourceType: "MeasurementPlan", resourceID: plan.id.lowercased, patientID: patientID,
                                           detail: "\(instrument.name) every \(everyDays) days from \(startDate)"))
            return try await tx.sql.plannedMeasures(patientID: patientID, calendar: calendar, now: tx.now).first { $0.plan.id == plan.id }!
        }
    }

    /// Stops a plan; given the patient a page names, a plan of someone else's is not found.
    public func stopMeasurementPlan(id: UUID, of patientID: UUID? = nil, by actor: Actor) async throws {
        try await write { tx in
            var query = tx.sql.select().column("*").from("measurement_plans").where("id", .equal, id.lowercased)
            if let patientID { query = query.where("patient_id", .equal, patientID.lowercased) }
            guard let row = try await query.first() else { throw StorageError.notFound("measurement plan") }
            let plan = try MeasurementPlan(row: row)
            guard plan.stoppedAt == nil else { throw StorageError.conflict(field: "plan", message: "was already stopped") }
            try await tx.sql.update("measurement_plans").set("stopped_at", to: SQLBind(Instant.format(tx.now)))
                .set("stopped_by", to: SQLBind(actor.userID?.lowercased)).where("id", .equal, id.lowercased).run()
            try await tx.audit(AuditRecord(actor, .update, resourceType: "MeasurementPlan", resourceID: id.lowercased, patientID: plan.patientID,
                                           detail: "stopped"))
        }
    }

    /// Every active plan in the clinic with its state today: the measures board. Audited as a list read.
    public func plannedMeasures(calendar: MeasureCalendar, by actor: Actor) async throws -> [PlannedMeasure] {
        try await write { tx in
            let planned = try await tx.sql.plannedMeasures(patientID: nil, calendar: calendar, now: tx.now)
            try await tx.audit(AuditRecord(actor, .read, resourceType: "MeasureBoard", detail: "\(planned.count) active plans",
                                           patientsShown: planned.map(\.plan.patientID)))
            return planned
        }
    }

    /// Issues an emailed link for every plan that is due, whose patient has an email address and has
    /// no link out for the period. Runs in one transaction, so server processes never issue twice.
    public func issueDueMeasures(calendar: MeasureCalendar, by actor: Actor) async throws -> [IssuedMeasureRequest] {
        try await write { tx in
            var issued: [IssuedMeasureRequest] = []
            for planned in try await tx.sql.plannedMeasures(patientID: nil, calendar: calendar, now: tx.now) where planned.progress.status == .due {
                let patient = try await tx.sql.patient(id: planned.plan.patientID)
                guard patient.email != nil else { continue }
                issued.append(try await tx.issueMeasureRequest(
                    patient: patient, instrument: planned.plan.instrument, reason: planned.plan.reason, timing: .followUp,
                    hours: calendar.linkHours, delivery: .email, requestedBy: planned.plan.createdBy,
                    requestedByName: planned.plan.createdByName, planID: planned.plan.id, actor: actor))
            }
            return issued
        }
    }
}

extension SQLDatabase {
    /// Active plans (one patient's, or everyone's) with their progress.
    func plannedMeasures(patientID: UUID?, calendar: MeasureCalendar, now: Date) async throws -> [PlannedMeasure] {
        var query = select().column("*").from("measurement_plans").where("stopped_at", .is, SQLLiteral.null)
        if let patientID { query = query.where("patient_id", .equal, patientID.lowercased) }
        let plans = try await query.orderBy("created_at").all().map(MeasurementPlan.init(row:))
        let names = try await patientNames(Set(plans.map(\.patientID)))
        var planned: [PlannedMeasure] = []
        for plan in plans {
            let last = try await select().column(SQLFunction("MAX", args: SQLColumn("taken_at")), as: "last").from("assessments")
                .where("patient_id", .equal, plan.patientID.lowercased).where("instrument", .equal, plan.instrument.rawValue)
                .first(decodingColumn: "last", as: String?.self) ?? nil
            let newest = try await select().column("*").from("measure_requests").where("plan_id", .equal, plan.id.lowercased)
                .orderBy("created_at", .descending).first().map(MeasureRequest.init(row:))
            let lastDay = try last.map { CalendarDate(try StoredValue.instant($0), in: calendar.timeZone) }
            let progress = plan.progress(
                lastCompleted: lastDay,
                newestRequest: newest.map { (CalendarDate($0.createdAt, in: calendar.timeZone), $0.status(at: now) == .open) },
                today: calendar.today, graceDays: calendar.graceDays)
            planned.append(PlannedMeasure(plan: plan, patientName: names[plan.patientID] ?? "", progress: progress, newestRequest: newest))
        }
        return planned
    }
}

extension MeasurementPlan {
    init(row: any SQLRow) throws {
        self.init(
            id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)),
            patientID: try StoredValue.uuid(try row.decode(column: "patient_id", as: String.self)),
            instrument: try StoredValue.enumValue(try row.decode(column: "instrument", as: String.self)),
            everyDays: try row.decode(column: "every_days", as: Int.self),
            startDate: try StoredValue.date(try row.decode(column: "start_date", as: String.self)),
            reason: try row.decode(column: "reason", as: String.self),
            createdBy: try row.decode(column: "created_by", as: String?.self).map(StoredValue.uuid),
            createdByName: try row.decode(column: "created_by_name", as: String.self),
            createdAt: try StoredValue.instant(try row.decode(column: "created_at", as: String.self)),
            stoppedAt: try row.decode(column: "stopped_at", as: String?.self).map(StoredValue.instant))
    }
}
