import Foundation
import SQLKit
import VigilCore

/// What a day's or a week's board shows: the bookings and the clinic's chairs and hours.
public struct AppointmentQuery: Sendable {
    public var from: CalendarDate
    public var through: CalendarDate
    public var chair: String?
    public var patientID: UUID?
    public var includeCancelled: Bool
    /// One site's bookings; nil for the whole network (a patient's bookings everywhere).
    public var siteID: UUID?

    public init(from: CalendarDate, through: CalendarDate, chair: String? = nil, patientID: UUID? = nil, includeCancelled: Bool = false, siteID: UUID? = nil) {
        self.siteID = siteID
        self.from = from
        self.through = through
        self.chair = chair
        self.patientID = patientID
        self.includeCancelled = includeCancelled
    }
}

/// Slots proposed for a course's sessions.
public struct SlotProposals: Sendable {
    public let patientName: String
    public let courseName: String
    public let proposals: [SlotFinder.Proposal]
}

extension Database {
    /// Books an appointment in a chair of the actor's site after checking every rule against the
    /// bookings as they stand, inside the serialised write so two desks cannot book the same chair; audited.
    public func book(_ form: AppointmentForm.Checked, today: CalendarDate, by actor: Actor) async throws -> Appointment {
        try await write { tx in
            let patient = try await tx.sql.patient(id: form.patientID)
            let site = try await tx.sql.openSite(id: actor.workingSite)
            var session: Appointment.CourseSession?
            var minutes = form.durationMinutes ?? AppointmentForm.defaultMinutes(form.kind)
            if let courseID = form.courseID {
                let course = try await tx.sql.course(id: courseID)
                guard course.patientID == patient.id else { throw ValidationError("courseId", "is not a course of this patient") }
                let booked = try await tx.sql.appointments(where: { $0.where("course_id", .equal, courseID.lowercased) })
                session = try Self.session(of: course, number: form.sessionNumber, booked: booked, today: today,
                                           days: try await tx.sql.site(id: course.siteID).clinicDays)
                minutes = form.durationMinutes ?? course.treatmentProtocol.chairMinutes
            }
            let appointment = Appointment(id: NewID.make(), patientID: patient.id, patientName: patient.fullName, kind: form.kind, session: session,
                                          date: form.date, startMinute: form.startMinute, durationMinutes: minutes, chair: form.chair,
                                          staff: try await tx.sql.staffMembers(form.staff), note: form.note, siteID: site.id)
            try await tx.checkBookable(appointment, today: today)
            try await tx.insert(appointment, by: actor)
            try await tx.audit(AuditRecord(actor, .create, resourceType: "Appointment", resourceID: appointment.id.lowercased, patientID: patient.id,
                                           detail: "\(appointment.kind.rawValue)\(session.map { " session \($0.number)" } ?? "") \(appointment.date) \(appointment.timeRange) \(appointment.chair)"))
            return appointment
        }
    }

    /// The clinicians who can be assigned to a booking: active users who document clinical care (or
    /// hold another permission, such as prescribers to supervise a dose), by name.
    public func careTeam(_ permission: Permission = .documentClinical) async throws -> [Appointment.StaffMember] {
        try await read { sql in
            try await sql.select().column("*").from("users").where("active", .equal, true).orderBy("name")
                .all(decoding: UserRow.self).map { try $0.user() }
                .filter { $0.role.may(permission) }.map { Appointment.StaffMember(id: $0.id, name: $0.name) }
        }
    }

    /// The session a booking is for: the one asked for, else the first planned one not yet booked.
    static func session(of course: Course, number: Int?, booked: [Appointment], today: CalendarDate, days: ClinicDays) throws -> Appointment.CourseSession {
        try course.requireOpen("book sessions")
        let taken = booked.bookedBySession(of: course.id)
        let plan = course.plannedSessions(today: today, days: days)
        let number = number ?? plan.first { taken[$0.number] == nil }?.number
        guard let number, plan.contains(where: { $0.number == number }) else {
            throw ValidationError("sessionNumber", "must be one of the course's \(plan.count) planned sessions")
        }
        if let existing = taken[number] {
            throw ConflictError("sessionNumber", "session \(number) is already booked on \(existing.date) at \(OpeningHours.clock(existing.startMinute)); reschedule that one")
        }
        return Appointment.CourseSession(course, number: number)
    }

    /// Moves or edits a booked appointment; the rules are checked again. Audited with before and after.
    public func changeAppointment(id: UUID, _ form: AppointmentForm, today: CalendarDate, by actor: Actor) async throws -> Appointment {
        try await write { tx in
            let before = try await tx.sql.appointment(id: id)
            guard before.status == .booked else { throw ConflictError("status", "the appointment is \(before.status.title.lowercased()); book a new one") }
            var (changed, reason) = try form.changing(before, today: today)
            if let ids = form.staffIDs { changed.staff = try await tx.sql.staffMembers(ids) }
            changed.changeReason = reason ?? before.changeReason
            try await tx.checkBookable(changed, today: today)
            try await tx.sql.update("appointments")
                .set("appointment_date", to: SQLBind(changed.date.description)).set("start_minute", to: SQLBind(changed.startMinute))
                .set("duration_minutes", to: SQLBind(changed.durationMinutes)).set("chair", to: SQLBind(changed.chair))
                .set("staff", to: SQLBind(StoredValue.json(changed.staff))).set("note", to: SQLBind(changed.note))
                .set("change_reason", to: SQLBind(changed.changeReason?.rawValue)).set("updated_at", to: SQLBind(Instant.format(tx.now)))
                .where("id", .equal, id.lowercased).run()
            let moved = "\(before.date) \(before.timeRange) \(before.chair) → \(changed.date) \(changed.timeRange) \(changed.chair)"
            try await tx.audit(AuditRecord(actor, .update, resourceType: "Appointment", resourceID: id.lowercased, patientID: before.patientID,
                                           detail: reason.map { "rescheduled (\($0.rawValue)): \(moved)" } ?? "staff or note changed"))
            return changed
        }
    }

    /// Records attendance at a booking — a visit's arrival, a no-show, a late cancellation — after
    /// `Appointment.attendanceRefusal`; a no-show or late cancellation frees the chair, and a dosing
    /// session opened from the booking but not yet checked in becomes a no-show or is cancelled with
    /// it. Audited.
    public func recordAttendance(id: UUID, _ status: Appointment.Status, note: String?, today: CalendarDate, by actor: Actor) async throws -> Appointment {
        try await write { tx in
            var appointment = try await tx.sql.appointment(id: id)
            if let refusal = appointment.attendanceRefusal(status, today: today) { throw ConflictError("status", refusal) }
            var validator = Validator()
            let text = validator.text(note, "note", max: 1000, required: false)
            try validator.finish()
            if let opened = try await tx.sql.dosingSessions(where: { $0.where("appointment_id", .equal, id.lowercased) }).first {
                guard opened.status == .scheduled else {
                    throw ConflictError("status", "the patient was checked in: the session is \(opened.status.title.lowercased())")
                }
                // A no-show's session is a no-show; a late cancellation's is cancelled (which needs a note).
                var missed = opened
                try missed.move(to: status == .noShow ? .noShow : .cancelled, note: text ?? status.title, at: tx.now, byID: actor.userID,
                                byName: try await tx.sql.name(of: actor), rules: try await tx.sql.clinicSettings().sessionRules)
                try await tx.save(missed, since: opened, by: actor)
            }
            try await tx.setStatus(of: &appointment, to: status, note: text, by: actor)
            return appointment
        }
    }

    /// Cancels a booked appointment with a reason; audited.
    public func cancelAppointment(id: UUID, reason: Appointment.ChangeReason, note: String?, by actor: Actor) async throws -> Appointment {
        try await write { tx in
            let appointment = try await tx.sql.appointment(id: id)
            guard appointment.status == .booked else { throw ConflictError("status", "the appointment is already \(appointment.status.title.lowercased())") }
            return try await tx.cancel(appointment, reason: reason, note: note, by: actor)
        }
    }

    /// Bookings in a date range, by date, time and chair, audited as a read of the schedule.
    public func appointments(_ query: AppointmentQuery, by actor: Actor) async throws -> [Appointment] {
        try await write { tx in
            let found = try await tx.sql.appointments(where: { select in
                var select = select.where("appointment_date", .greaterThanOrEqual, query.from.description)
                    .where("appointment_date", .lessThanOrEqual, query.through.description)
                if let chair = query.chair { select = select.where("chair", .equal, chair) }
                if let site = query.siteID { select = select.where("site_id", .equal, site.lowercased) }
                if let patient = query.patientID { select = select.where("patient_id", .equal, patient.lowercased) }
                if !query.includeCancelled { select = select.where("status", .notEqual, Appointment.Status.cancelled.rawValue) }
                return select
            })
            try await tx.audit(AuditRecord(actor, .read, resourceType: "AppointmentList", patientID: query.patientID,
                                           detail: "\(query.from) to \(query.through)\(query.chair.map { ", \($0)" } ?? ""): \(found.count) found",
                                           patientsShown: found.map(\.patientID)))
            return found
        }
    }

    /// Free slots for a course's sessions that are planned from today and not yet booked, with
    /// whose course it is; audited as a read of the course.
    public func proposeSlots(courseID: UUID, today: CalendarDate, earliestStart: Int?, by actor: Actor) async throws -> SlotProposals {
        try await write { tx in
            let proposals = try await tx.proposals(courseID: courseID, numbers: nil, today: today, earliestStart: earliestStart, by: actor)
            let course = try await tx.sql.course(id: courseID)
            let patient = try await tx.sql.patient(id: course.patientID)
            try await tx.audit(AuditRecord(actor, .read, resourceType: "Course", resourceID: courseID.lowercased, patientID: patient.id,
                                           detail: "slots proposed for \(proposals.count) session(s)"))
            return SlotProposals(patientName: patient.fullName, courseName: course.treatmentProtocol.name, proposals: proposals)
        }
    }

    /// One booking, audited as a read.
    public func appointment(id: UUID, by actor: Actor) async throws -> Appointment {
        try await write { tx in
            let found = try await tx.sql.appointment(id: id)
            try await tx.audit(AuditRecord(actor, .read, resourceType: "Appointment", resourceID: id.lowercased, patientID: found.patientID))
            return found
        }
    }

    /// Books the proposed slots of the sessions named (all unbooked ones when nil) in one transaction.
    public func bookCourseSessions(courseID: UUID, numbers: [Int]?, today: CalendarDate, earliestStart: Int?, by actor: Actor) async throws -> [SlotFinder.Proposal] {
        try await write { tx in
            let proposals = try await tx.proposals(courseID: courseID, numbers: numbers, today: today, earliestStart: earliestStart, by: actor)
            for slot in proposals.compactMap(\.slot) {
                try await tx.insert(slot, by: actor)
            }
            let booked = proposals.compactMap(\.slot)
            if let first = booked.first {
                try await tx.audit(AuditRecord(actor, .create, resourceType: "Appointment", resourceID: courseID.lowercased, patientID: first.patientID,
                                               detail: "booked \(booked.count) course session(s): \(booked.map { "\($0.session!.number) on \($0.date) \($0.chair)" }.joined(separator: ", "))"))
            }
            return proposals
        }
    }
}

extension Transaction {
    /// Moves a booking to `status` (attendance), audited.
    func setStatus(of appointment: inout Appointment, to status: Appointment.Status, note: String?, by actor: Actor) async throws {
        try await sql.update("appointments").set("status", to: SQLBind(status.rawValue)).set("change_note", to: SQLBind(note ?? appointment.changeNote))
            .set("updated_at", to: SQLBind(Instant.format(now))).where("id", .equal, appointment.id.lowercased).run()
        try await audit(AuditRecord(actor, .update, resourceType: "Appointment", resourceID: appointment.id.lowercased, patientID: appointment.patientID,
                                    detail: "attendance: \(status.rawValue) \(appointment.date) \(appointment.timeRange)\(note.map { ": \($0)" } ?? "")"))
        appointment.status = status
        appointment.changeNote = note ?? appointment.changeNote
    }

    /// Cancels a booked appointment with its reason, audited.
    func cancel(_ appointment: Appointment, reason: Appointment.ChangeReason, note: String?, by actor: Actor) async throws -> Appointment {
        var cancelled = appointment
        cancelled.status = .cancelled
        cancelled.changeReason = reason
        cancelled.changeNote = note
        try await sql.update("appointments").set("status", to: SQLBind(Appointment.Status.cancelled.rawValue))
            .set("change_reason", to: SQLBind(reason.rawValue)).set("change_note", to: SQLBind(note))
            .set("updated_at", to: SQLBind(Instant.format(now))).where("id", .equal, appointment.id.lowercased).run()
        try await audit(AuditRecord(actor, .update, resourceType: "Appointment", resourceID: appointment.id.lowercased, patientID: appointment.patientID,
                                    detail: "cancelled (\(reason.rawValue)) \(appointment.date) \(appointment.timeRange)"))
        return cancelled
    }

    /// Refuses with every reason when the rules are broken against the bookings and doses around it.
    func checkBookable(_ appointment: Appointment, today: CalendarDate) async throws {
        if let session = appointment.session, appointment.durationMinutes < session.minimumChairMinutes {
            throw ValidationError("durationMinutes", "\(session.route.title) needs at least \(session.minimumChairMinutes) minutes of chair time (protocol \(session.protocolID))")
        }
        let site = try await sql.openSite(id: appointment.siteID)
        let from = appointment.date.adding(days: -7), through = appointment.date.adding(days: 7)
        let around = try await sql.bookedAppointments(from: from, through: through)
        let doses = try await sql.givenDoses(patientID: appointment.patientID, from: from, through: through)
        let conflicts = ScheduleRules.conflicts(appointment, booked: around, doses: doses, site: site, today: today)
        if !conflicts.isEmpty { throw ConflictError(conflicts) }
    }

    func proposals(courseID: UUID, numbers: [Int]?, today: CalendarDate, earliestStart: Int?, by actor: Actor) async throws -> [SlotFinder.Proposal] {
        let course = try await sql.course(id: courseID)
        let patient = try await sql.patient(id: course.patientID)
        let booked = try await sql.appointments(where: { $0.where("course_id", .equal, courseID.lowercased) })
        try course.requireOpen("book sessions")
        let template = Appointment(id: NewID.make(), patientID: patient.id, patientName: patient.fullName, kind: .dosing,
                                   session: Appointment.CourseSession(course, number: 0), date: today, startMinute: 0,
                                   durationMinutes: course.treatmentProtocol.chairMinutes, chair: "", siteID: actor.workingSite)
        let taken = booked.bookedBySession(of: courseID)
        let site = try await sql.openSite(id: actor.workingSite)
        let held = Set(try await sql.dosingSessions(where: { $0.where("course_id", .equal, courseID.lowercased) })
            .filter { $0.administration != nil }.map(\.sessionNumber))
        // A session whose booking was missed (no-show, late cancellation) and not given since is
        // proposed again from today, so the front desk rebooks it (clinic-day issue, finding 2).
        let missed = Set(booked.filter { $0.status == .noShow || $0.status == .lateCancellation }.compactMap(\.session?.number))
        let wanted = course.plannedSessions(today: today, days: try await sql.site(id: course.siteID).clinicDays).filter {
            taken[$0.number] == nil && !held.contains($0.number) && ($0.plannedDate >= today || missed.contains($0.number))
                && (numbers?.contains($0.number) ?? true)
        }
        guard let last = wanted.map({ max($0.plannedDate, today) }).max() else { return [] }
        let from = today.adding(days: -7), through = last.adding(days: SlotFinder.searchDays + 7)
        let around = try await sql.bookedAppointments(from: from, through: through)
        let doses = try await sql.givenDoses(patientID: patient.id, from: from, through: through)
        return SlotFinder.propose(wanted, template: template, booked: around, doses: doses, site: site, today: today, earliestStart: earliestStart)
    }

    func insert(_ appointment: Appointment, by actor: Actor) async throws {
        try await RowWriter.appointment.insert((appointment, actor.userID, now), into: sql)
    }

    /// Writes bookings made elsewhere — the synthetic network's — many rows a statement.
    public func insert(appointments: [(Appointment, createdAt: Date)], createdBy: UUID?) async throws {
        try await RowWriter.appointment.insert(appointments.map { ($0.0, createdBy, $0.createdAt) }, into: sql)
    }
}

extension RowWriter where Value == (appointment: Appointment, createdBy: UUID?, createdAt: Date) {
    static let appointment = RowWriter(
        table: "appointments",
        columns: ["id", "patient_id", "kind", "course_id", "session_number", "protocol_id", "route", "minimum_days_apart", "minimum_chair_minutes",
                  "appointment_date", "start_minute", "duration_minutes", "chair", "staff", "note", "status", "change_reason", "change_note",
                  "created_by", "created_at", "updated_at", "site_id"]
    ) { value in
        let appointment = value.appointment
        return [appointment.id.lowercased, appointment.patientID.lowercased, appointment.kind.rawValue, appointment.session?.courseID.lowercased,
                appointment.session?.number, appointment.session?.protocolID, appointment.session?.route.rawValue,
                appointment.session?.minimumDaysApart, appointment.session?.minimumChairMinutes, appointment.date.description,
                appointment.startMinute, appointment.durationMinutes, appointment.chair, StoredValue.json(appointment.staff), appointment.note,
                appointment.status.rawValue, appointment.changeReason?.rawValue, appointment.changeNote, value.createdBy?.lowercased,
                Instant.format(value.createdAt), Instant.format(value.createdAt), appointment.siteID.lowercased]
    }
}

extension SQLDatabase {
    func appointment(id: UUID) async throws -> Appointment {
        guard let found = try await appointments(where: { $0.where("id", .equal, id.lowercased) }).first else {
            throw StorageError.notFound("appointment")
        }
        return found
    }

    /// Appointments holding their chair (booked or arrived) in a date range: what a new booking must not clash with.
    func bookedAppointments(from: CalendarDate, through: CalendarDate) async throws -> [Appointment] {
        try await appointments(where: {
            $0.where("appointment_date", .greaterThanOrEqual, from.description).where("appointment_date", .lessThanOrEqual, through.description)
                .where("status", .in, Appointment.Status.allCases.filter(\.holdsChair).map(\.rawValue))
        })
    }

    /// The doses a patient was given in a date range, with their course sessions' spacing.
    func givenDoses(patientID: UUID, from: CalendarDate, through: CalendarDate) async throws -> [GivenDose] {
        let sessions = try await dosingSessions(where: {
            $0.where("patient_id", .equal, patientID.lowercased).where("session_date", .greaterThanOrEqual, from.description)
                .where("session_date", .lessThanOrEqual, through.description)
        }).filter { $0.administration != nil }
        var courses: [UUID: Course] = [:]
        for id in Set(sessions.map(\.courseID)) { courses[id] = try await course(id: id) }
        return sessions.compactMap { session in
            courses[session.courseID].map { GivenDose(patientID: patientID, date: session.date, session: Appointment.CourseSession($0, number: session.sessionNumber)) }
        }
    }

    func appointments(where filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Appointment] {
        let rows = try await filter(select().column("*").from("appointments"))
            .orderBy("appointment_date").orderBy("start_minute").orderBy("chair").all()
        let ids = try Set(rows.map { try StoredValue.uuid(try $0.decode(column: "patient_id", as: String.self)) })
        let names = try await patientNames(ids)
        return try rows.map { row in
            let patientID = try StoredValue.uuid(try row.decode(column: "patient_id", as: String.self))
            let session = try row.decode(column: "course_id", as: String?.self).map { courseID in
                Appointment.CourseSession(courseID: try StoredValue.uuid(courseID), number: try row.decode(column: "session_number", as: Int.self),
                                          protocolID: try row.decode(column: "protocol_id", as: String.self),
                                          route: try StoredValue.enumValue(try row.decode(column: "route", as: String.self)),
                                          minimumDaysApart: try row.decode(column: "minimum_days_apart", as: Int.self),
                                          minimumChairMinutes: try row.decode(column: "minimum_chair_minutes", as: Int.self))
            }
            return Appointment(
                id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)), patientID: patientID, patientName: names[patientID] ?? "",
                kind: try StoredValue.enumValue(try row.decode(column: "kind", as: String.self)), session: session,
                date: try StoredValue.date(try row.decode(column: "appointment_date", as: String.self)),
                startMinute: try row.decode(column: "start_minute", as: Int.self), durationMinutes: try row.decode(column: "duration_minutes", as: Int.self),
                chair: try row.decode(column: "chair", as: String.self), staff: try StoredValue.decode(try row.decode(column: "staff", as: String.self)),
                note: try row.decode(column: "note", as: String?.self), status: try StoredValue.enumValue(try row.decode(column: "status", as: String.self)),
                changeReason: try row.decode(column: "change_reason", as: String?.self).map(StoredValue.enumValue),
                changeNote: try row.decode(column: "change_note", as: String?.self),
                siteID: try StoredValue.uuid(try row.decode(column: "site_id", as: String.self)))
        }
    }

    /// Active users assigned to an appointment, sorted by name; an unknown or inactive one is refused.
    /// The name of the user acting, for the records that carry it (empty for the command line).
    func name(of actor: Actor) async throws -> String {
        guard let id = actor.userID else { return "" }
        return try await staffMembers([id]).first?.name ?? ""
    }

    func staffMembers(_ ids: [UUID]) async throws -> [Appointment.StaffMember] {
        guard !ids.isEmpty else { return [] }
        let users = try await select().column("*").from("users").where("id", .in, ids.map(\.lowercased)).all(decoding: UserRow.self).map { try $0.user() }
        let active = users.filter(\.active)
        guard active.count == Set(ids).count else { throw ValidationError("staff", "must name active users of the clinic") }
        return active.sorted { $0.name < $1.name }.map { Appointment.StaffMember(id: $0.id, name: $0.name) }
    }
}
