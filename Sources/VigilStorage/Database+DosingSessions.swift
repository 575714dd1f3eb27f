import Foundation
import SQLKit
import VigilCore

extension Database {
    /// Opens a session (status scheduled) from a booked dosing appointment or ad hoc for a course
    /// today; one session per appointment and per course session. Audited.
    public func openSession(_ opening: SessionOpeningForm.Checked, today: CalendarDate, by actor: Actor) async throws -> DosingSession {
        try await write { tx in
            let course: Course
            let number: Int
            var appointment: Appointment?
            switch opening {
            case .appointment(let id):
                let booked = try await tx.sql.appointment(id: id)
                guard booked.status == .booked else { throw ConflictError("appointmentId", "the appointment is \(booked.status.title.lowercased())") }
                guard let session = booked.session else {
                    throw ValidationError("appointmentId", "is a \(booked.kind.rawValue) visit, not a dosing session")
                }
                course = try await tx.sql.course(id: session.courseID)
                number = session.number
                appointment = booked
            case .adHoc(let patientID, let courseID, let sessionNumber):
                course = try await tx.sql.course(id: courseID)
                guard course.patientID == patientID else { throw ValidationError("courseId", "is not a course of this patient") }
                let held = Set(try await tx.sql.dosingSessions(where: { $0.where("course_id", .equal, courseID.lowercased) })
                    .filter(\.holdsItsNumber).map(\.sessionNumber))
                let plan = course.plannedSessions(today: today, days: try await tx.sql.site(id: course.siteID).clinicDays)
                guard let chosen = sessionNumber ?? plan.first(where: { !held.contains($0.number) })?.number,
                      plan.contains(where: { $0.number == chosen }) else {
                    throw ValidationError("sessionNumber", "must be one of the course's \(plan.count) planned sessions")
                }
                number = chosen
            }
            try course.requireOpen("dose")
            // A session that ended without a dose (a no-show, a cancellation) leaves its number to be held again.
            if let existing = try await tx.sql.dosingSessions(where: {
                $0.where("course_id", .equal, course.id.lowercased).where("session_number", .equal, number)
            }).first(where: \.holdsItsNumber) {
                throw ConflictError("session", "session \(number) of this course is already open (\(existing.id.lowercased), \(existing.status.rawValue))")
            }
            let patient = try await tx.sql.patient(id: course.patientID)
            let session = DosingSession(id: NewID.make(), patientID: patient.id, patientName: patient.fullName, courseID: course.id, sessionNumber: number,
                                        route: course.treatmentProtocol.route, appointmentID: appointment?.id, date: appointment?.date ?? today,
                                        chair: appointment?.chair, createdAt: tx.now,
                                        siteID: try await tx.sql.openSite(id: appointment?.siteID ?? actor.workingSite).id)
            try await tx.sql.requireWorking(at: session.siteID, actor, "appointmentId", doing: "check the patient in")
            try await RowWriter.dosingSession.insert((session, actor.userID, tx.now), into: tx.sql)
            try await tx.audit(AuditRecord(actor, .create, resourceType: "DosingSession", resourceID: session.id.lowercased, patientID: patient.id,
                                           detail: "\(course.treatmentProtocol.reference) session \(number) on \(session.date)"))
            return session
        }
    }

    /// One session, audited as a read of the patient's record.
    public func dosingSession(id: UUID, by actor: Actor) async throws -> DosingSession {
        try await write { tx in
            let session = try await tx.sql.dosingSession(id: id)
            try await tx.audit(AuditRecord(actor, .read, resourceType: "DosingSession", resourceID: id.lowercased, patientID: session.patientID,
                                           detail: "session"))
            return session
        }
    }

    /// The session opened from a booking, if any, audited as a read.
    public func dosingSession(appointmentID: UUID, by actor: Actor) async throws -> DosingSession? {
        try await write { tx in
            guard let session = try await tx.sql.dosingSessions(where: { $0.where("appointment_id", .equal, appointmentID.lowercased) }).first else {
                return nil
            }
            try await tx.audit(AuditRecord(actor, .read, resourceType: "DosingSession", resourceID: session.id.lowercased, patientID: session.patientID,
                                           detail: "session of a booking"))
            return session
        }
    }

    /// The sessions of a day, for the chair board, audited as a read of the schedule.
    public func dosingSessions(on date: CalendarDate, site: UUID, by actor: Actor) async throws -> [DosingSession] {
        try await write { tx in
            let found = try await tx.sql.dosingSessions(where: { $0.where("session_date", .equal, date.description).where("site_id", .equal, site.lowercased) })
            try await tx.audit(AuditRecord(actor, .read, resourceType: "DosingSession", resourceID: nil, patientID: nil,
                                           detail: "sessions on \(date): \(found.count)", patientsShown: found.map(\.patientID)))
            return found
        }
    }

    /// Changes a session inside one write: `change` edits it (refusing with the reason), then what
    /// it added — moves, vitals, the administration, side effects — is inserted and the rest saved,
    /// with the audit event in the same transaction.
    public func changeSession(id: UUID, by actor: Actor, _ change: @escaping @Sendable (inout DosingSession, Transaction, ClinicSettings) async throws -> String)
        async throws -> DosingSession {
        try await write { tx in
            let before = try await tx.sql.dosingSession(id: id)
            // A session is documented by staff working at its site, so the times they type are its site's.
            try await tx.sql.requireWorking(at: before.siteID, actor, "session", doing: "document it")
            var session = before
            let settings = try await tx.sql.clinicSettings()
            var detail = try await change(&session, tx, settings)
            if session.status == .ready {
                session.leaveReadyIfHeld(rules: settings.sessionRules, at: tx.now, byID: actor.userID, byName: try await tx.sql.name(of: actor))
                if session.status == .checkedIn { detail += "; back to checked in: the readiness gate no longer passes" }
            }
            try await tx.save(session, since: before, by: actor)
            try await tx.audit(AuditRecord(actor, .update, resourceType: "DosingSession", resourceID: id.lowercased, patientID: session.patientID,
                                           detail: detail))
            return session
        }
    }

    /// Moves a session; a cancelled session frees its booking (cancelled for the clinic, with the note).
    public func moveSession(id: UUID, to next: SessionStatus, note: String?, by user: User, actor: Actor) async throws -> DosingSession {
        try await changeSession(id: id, by: actor) { session, tx, settings in
            let from = session.status
            try session.move(to: next, note: note, at: tx.now, byID: user.id, byName: user.name, rules: settings.sessionRules)
            // The booking follows the session: arrived at check-in, missed at a no-show, freed at a cancellation.
            if let appointmentID = session.appointmentID {
                var booking = try await tx.sql.appointment(id: appointmentID)
                switch next {
                case .cancelled where booking.status.holdsChair: _ = try await tx.cancel(booking, reason: .clinic, note: note, by: actor)
                case .checkedIn where booking.status == .booked: try await tx.setStatus(of: &booking, to: .arrived, note: nil, by: actor)
                case .noShow where booking.status == .booked: try await tx.setStatus(of: &booking, to: .noShow, note: note, by: actor)
                default: break
                }
            }
            return "\(from.rawValue) → \(next.rawValue)\(note.map { ": \($0)" } ?? "")"
        }
    }

    /// The administration, checked against the order in force for the session and the protocol;
    /// the staff named must be active clinicians, the supervisor a prescriber. Drawn from a ledger
    /// lot, the ledger's administration entry is written in the same transaction.
    public func recordAdministration(id: UUID, _ form: AdministrationForm, drawingFrom lotID: UUID? = nil, by user: User, actor: Actor,
                                     timeZone: TimeZone) async throws -> DosingSession {
        try await changeSession(id: id, by: actor) { session, tx, _ in
            var form = form
            var drawn: (StockLot, ControlledProduct)?
            if let lotID {
                let lot = try await tx.sql.lot(id: lotID)
                drawn = (lot, try await tx.sql.product(id: lot.productID, field: "lotId"))
                form.lot = lot.lotNumber
            }
            let course = try await tx.sql.course(id: session.courseID)
            let ids = form.staffIDs
            let administering = try await tx.sql.clinician(ids.administeredBy ?? user.id, field: "administeredBy", needs: .documentClinical)
            guard let supervisorID = ids.supervisedBy else { throw ValidationError("supervisedBy", "must name the supervising prescriber's user id") }
            let supervising = try await tx.sql.clinician(supervisorID, field: "supervisedBy", needs: .prescribe)
            let ordered = course.dose(forSession: session.sessionNumber)
            let given = try session.administer(form, ordered: ordered, treatmentProtocol: course.treatmentProtocol, at: tx.now,
                                               administeredBy: administering, supervisedBy: supervising, mayChangeDose: user.role.may(.prescribe))
            if form.changesOrder(ordered) {
                // The prescriber's dose becomes the order from this session on, checked as any order is.
                let dosing = course.treatmentProtocol.dosing
                var weight = course.order(forSession: session.sessionNumber)?.weight
                if weight == nil { weight = try await tx.sql.patient(id: session.patientID).weight }
                let order = try DoseOrder.checked(doseMgPerKg: dosing.isWeightBased ? given.mgPerKg : nil, doseMg: dosing.isWeightBased ? nil : given.doseMg,
                                                  overrideReason: given.note, dosing: dosing, weight: weight, today: CalendarDate(tx.now, in: timeZone),
                                                  fromSession: session.sessionNumber)
                try await tx.orderDose(order, course: course, fromSession: session.sessionNumber, reason: given.note ?? "", prescriber: user, actor: actor)
            }
            if let (lot, product) = drawn, let dose = SessionDose(session) {
                let entry = LedgerEntryForm.Parsed(kind: .administration, lotID: lot.id, quantity: dose.quantity(of: product), sessionID: session.id,
                                                   patientID: session.patientID, occurredAt: given.startedAt)
                try await tx.recordEntry(entry, lot: lot, product: product, witnesses: [], recorder: user, actor: actor,
                                         today: CalendarDate(tx.now, in: timeZone), session: dose)
            }
            return "administration: \(Dose.formatted(given.doseMg)) mg, lot \(given.lot)"
        }
    }
}

extension Transaction {
    /// Writes what changed: the session row, and the moves, vitals, administration and side effects added.
    func save(_ session: DosingSession, since before: DosingSession, by actor: Actor) async throws {
        let id = session.id.lowercased
        try await sql.update("dosing_sessions").set("status", to: SQLBind(session.status.rawValue))
            .set("checklist", to: SQLBind(StoredValue.json(session.checklist)))
            .set("acknowledgement", to: SQLBind(session.acknowledgement.map(StoredValue.json)))
            .set("sign_off", to: SQLBind(session.signOff.map(StoredValue.json)))
            .set("rems_submission", to: SQLBind(session.remsSubmission.map(StoredValue.json)))
            .set("updated_at", to: SQLBind(Instant.format(now))).where("id", .equal, id).run()
        try await RowWriter.sessionMove.insert(session.transitions.dropFirst(before.transitions.count).map { (session.id, $0) }, into: sql)
        let known = Set(before.vitals.map(\.id))
        try await RowWriter.vitals.insert(session.vitals.filter { !known.contains($0.id) }.map { (session.id, $0, actor.userID, now) }, into: sql)
        if let given = session.administration, before.administration == nil {
            try await RowWriter.administration.insert((session.id, given, actor.userID, now), into: sql)
        }
        let seen = Dictionary(uniqueKeysWithValues: before.sideEffects.map { ($0.id, $0) })
        for effect in session.sideEffects where seen[effect.id].map({ $0.isOpen && !effect.isOpen }) ?? false {
            try await sql.update("session_side_effects").set("resolved_at", to: SQLBind(effect.resolvedAt.map(Instant.format)))
                .set("resolved_by_name", to: SQLBind(effect.resolvedByName)).where("id", .equal, effect.id.lowercased).run()
        }
        try await RowWriter.sideEffect.insert(session.sideEffects.filter { seen[$0.id] == nil }.map { (session.id, $0, actor.userID, now) }, into: sql)
    }
}

extension SQLDatabase {
    func dosingSession(id: UUID) async throws -> DosingSession {
        guard let found = try await dosingSessions(where: { $0.where("id", .equal, id.lowercased) }).first else {
            throw StorageError.notFound("session")
        }
        return found
    }

    /// An active user with a permission, as assigned staff; anyone else is refused under `field`.
    func clinician(_ id: UUID, field: String, needs permission: Permission) async throws -> Appointment.StaffMember {
        guard let row = try await select().column("*").from("users").where("id", .equal, id.lowercased).first(decoding: UserRow.self),
              let user = try? row.user(), user.active, user.role.may(permission) else {
            throw ValidationError(field, "must be an active user who may \(permission.summary)")
        }
        return Appointment.StaffMember(id: user.id, name: user.name)
    }

    /// Sessions with their moves, vitals, administration and side effects, by date and chair.
    func dosingSessions(where filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [DosingSession] {
        let rows = try await filter(select().column("*").from("dosing_sessions")).orderBy("session_date").orderBy("created_at").all()
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
        let names = Dictionary(uniqueKeysWithValues: try await select().column("id").column("given_name").column("family_name").from("patients")
            .where("id", .in, Set(try rows.map { try $0.decode(column: "patient_id", as: String.self) }).sorted()).all().map { row in
                (try row.decode(column: "id", as: String.self),
                 "\(try row.decode(column: "given_name", as: String.self)) \(try row.decode(column: "family_name", as: String.self))")
            })
        let moves = Dictionary(grouping: try await select().column("*").from("session_transitions").where("session_id", .in, ids)
            .orderBy("moved_at").all().map { row in
                (try row.decode(column: "session_id", as: String.self),
                 SessionTransition(from: try StoredValue.enumValue(try row.decode(column: "from_status", as: String.self)),
                                   to: try StoredValue.enumValue(try row.decode(column: "to_status", as: String.self)),
                                   at: try StoredValue.instant(try row.decode(column: "moved_at", as: String.self)),
                                   byID: try row.decode(column: "moved_by", as: String?.self).map(StoredValue.uuid),
                                   byName: try row.decode(column: "moved_by_name", as: String.self), note: try row.decode(column: "note", as: String?.self)))
            }, by: \.0)
        let vitals = Dictionary(grouping: try await select().column("*").from("session_vitals").where("session_id", .in, ids)
            .orderBy("taken_at").orderBy("recorded_at").all().map { row in
                (try row.decode(column: "session_id", as: String.self),
                 VitalSigns(id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)),
                            takenAt: try StoredValue.instant(try row.decode(column: "taken_at", as: String.self)),
                            systolic: try row.decode(column: "systolic", as: Int.self), diastolic: try row.decode(column: "diastolic", as: Int.self),
                            heartRate: try row.decode(column: "heart_rate", as: Int.self), spo2: try row.decode(column: "spo2", as: Int.self),
                            respiratoryRate: try row.decode(column: "respiratory_rate", as: Int?.self), sedation: try row.decode(column: "sedation", as: Int?.self),
                            recordedByName: try row.decode(column: "recorded_by_name", as: String.self)))
            }, by: \.0)
        let given = Dictionary(uniqueKeysWithValues: try await select().column("session_id").column("record").from("session_administrations")
            .where("session_id", .in, ids).all().map { row in
                (try row.decode(column: "session_id", as: String.self),
                 try StoredValue.decode(try row.decode(column: "record", as: String.self)) as Administration)
            })
        let effects = Dictionary(grouping: try await select().column("*").from("session_side_effects").where("session_id", .in, ids)
            .orderBy("occurred_at").all().map { row in
                (try row.decode(column: "session_id", as: String.self),
                 SideEffect(id: try StoredValue.uuid(try row.decode(column: "id", as: String.self)),
                            kind: try StoredValue.enumValue(try row.decode(column: "kind", as: String.self)),
                            severity: try StoredValue.enumValue(try row.decode(column: "severity", as: String.self)),
                            at: try StoredValue.instant(try row.decode(column: "occurred_at", as: String.self)),
                            intervention: try row.decode(column: "intervention", as: String?.self),
                            recordedByName: try row.decode(column: "recorded_by_name", as: String.self),
                            resolvedAt: try row.decode(column: "resolved_at", as: String?.self).map(StoredValue.instant),
                            resolvedByName: try row.decode(column: "resolved_by_name", as: String?.self)))
            }, by: \.0)
        let holds = try await courseHolds(try rows.map { row in
            (try row.decode(column: "course_id", as: String.self), try StoredValue.uuid(try row.decode(column: "patient_id", as: String.self)),
             try StoredValue.enumValue(try row.decode(column: "route", as: String.self)) as TreatmentRoute)
        })
        return try rows.map { row in
            let key = try row.decode(column: "id", as: String.self)
            let patientKey = try row.decode(column: "patient_id", as: String.self)
            var session = DosingSession(
                id: try StoredValue.uuid(key), patientID: try StoredValue.uuid(patientKey), patientName: names[patientKey] ?? "",
                courseID: try StoredValue.uuid(try row.decode(column: "course_id", as: String.self)),
                sessionNumber: try row.decode(column: "session_number", as: Int.self),
                route: try StoredValue.enumValue(try row.decode(column: "route", as: String.self)),
                appointmentID: try row.decode(column: "appointment_id", as: String?.self).map(StoredValue.uuid),
                date: try StoredValue.date(try row.decode(column: "session_date", as: String.self)), chair: try row.decode(column: "chair", as: String?.self),
                createdAt: try StoredValue.instant(try row.decode(column: "created_at", as: String.self)),
                status: try StoredValue.enumValue(try row.decode(column: "status", as: String.self)),
                transitions: moves[key]?.map(\.1) ?? [],
                checklist: try StoredValue.decode(try row.decode(column: "checklist", as: String.self)),
                acknowledgement: try row.decode(column: "acknowledgement", as: String?.self).map(StoredValue.decode),
                administration: given[key], vitals: vitals[key]?.map(\.1) ?? [], sideEffects: effects[key]?.map(\.1) ?? [],
                signOff: try row.decode(column: "sign_off", as: String?.self).map(StoredValue.decode),
                remsSubmission: try row.decode(column: "rems_submission", as: String?.self).map(StoredValue.decode),
                siteID: try StoredValue.uuid(try row.decode(column: "site_id", as: String.self)))
            session.courseHolds = holds[try row.decode(column: "course_id", as: String.self)] ?? []
            return session
        }
    }

    /// Why each session's course may not dose now, by course id: a course that is not active or
    /// planned, and every prerequisite its patient no longer meets (`CoursePrerequisites`).
    func courseHolds(_ sessions: [(courseID: String, patientID: UUID, route: TreatmentRoute)]) async throws -> [String: [String]] {
        let states = Dictionary(uniqueKeysWithValues: try await select().column("id").column("status").column("status_reason").from("courses")
            .where("id", .in, Set(sessions.map(\.courseID)).sorted()).all().map { row in
                (try row.decode(column: "id", as: String.self),
                 (try StoredValue.enumValue(try row.decode(column: "status", as: String.self)) as CourseStatus, try row.decode(column: "status_reason", as: String?.self)))
            })
        var unmet: [UUID: [TreatmentRoute: [FieldError]]] = [:]
        for (patientID, routes) in Dictionary(grouping: sessions, by: \.patientID) {
            unmet[patientID] = try await unmetPrerequisites(patientID: patientID, routes: Set(routes.map(\.route)))
        }
        var holds: [String: [String]] = [:]
        for session in sessions {
            let missing = unmet[session.patientID]?[session.route] ?? []
            if let (status, reason) = states[session.courseID], ![.active, .planned].contains(status) {
                holds[session.courseID] = ["The course is \(status.rawValue)\(reason.map { " (\($0))" } ?? ""): no dose is given until a prescriber resumes it."]
            } else if !missing.isEmpty {
                holds[session.courseID] = ["No dose may be given: \(missing.map(\.message).joined(separator: "; "))."]
            }
        }
        return holds
    }

    /// What each route's course needs of the patient and no longer has (`CoursePrerequisites`).
    func unmetPrerequisites(patientID: UUID, routes: Set<TreatmentRoute>) async throws -> [TreatmentRoute: [FieldError]] {
        let patient = try await self.patient(id: patientID)
        let decisions = try await eligibilityDecisions(patientID: patientID), consents = try await self.consents(patientID: patientID)
        return Dictionary(uniqueKeysWithValues: routes.map { route in
            (route, CoursePrerequisites.unmet(route: route, patient: patient, decisions: decisions, consents: consents))
        })
    }
}

extension Transaction {
    /// Pauses every active course of the patient whose prerequisites are no longer met (a consent
    /// withdrawn, a newer decision of not eligible, REMS enrolment ended), with the reason and an
    /// audit event, in the transaction that made the change. Bookings stay, so the desk can call.
    func pauseCoursesWithUnmetPrerequisites(patientID: UUID, today: CalendarDate, actor: Actor) async throws {
        let ids = try await sql.select().column("id").from("courses").where("patient_id", .equal, patientID.lowercased)
            .where("status", .equal, CourseStatus.active.rawValue).all(decodingColumn: "id", as: String.self)
        var active: [Course] = []
        for id in ids { active.append(try await sql.course(id: try StoredValue.uuid(id))) }
        let unmetByRoute = try await sql.unmetPrerequisites(patientID: patientID, routes: Set(active.map(\.treatmentProtocol.route)))
        for course in active {
            guard let unmet = unmetByRoute[course.treatmentProtocol.route], !unmet.isEmpty else { continue }
            try await moveCourse(course, to: .paused, reason: CoursePrerequisites.pauseReason(unmet), today: today, actor: actor)
        }
    }
}
