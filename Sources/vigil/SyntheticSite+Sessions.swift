import Foundation
import VigilCore
import VigilStorage

extension SyntheticSite {
    /// How a past booking went: most are held to discharge; a few are missed, cancelled or stopped early.
    enum Outcome {
        case discharged, stoppedEarly, noShow, cancelled
    }

    /// Books the course's sessions up to two weeks ahead in the site's chairs, and charts those
    /// before today; returns how many were held.
    func book(_ course: Course, patient: Patient, planned: [PlannedSession], nurse: User, prescriber: User) -> Int {
        let used = course.treatmentProtocol
        let trajectory = Trajectory(random: &random)
        var held = 0, previous: CalendarDate?
        for session in planned where session.plannedDate <= today.adding(days: 14) {
            guard let (date, start, chair) = slot(from: max(session.plannedDate, previous.map { $0.adding(days: used.minimumDaysApart) } ?? session.plannedDate),
                                                  minutes: used.chairMinutes) else { break }
            previous = date
            let past = date < today
            let outcome: Outcome = !past ? .discharged : chance(3) ? .noShow : chance(2) ? .cancelled : chance(1) ? .stoppedEarly : .discharged
            let status: Appointment.Status = switch outcome {
            case _ where !past: .booked
            case .noShow: .noShow
            case .cancelled: .cancelled
            default: .arrived
            }
            let booking = Appointment(id: NewID.make(), patientID: patient.id, patientName: patient.fullName, kind: .dosing,
                                      session: Appointment.CourseSession(course, number: session.number), date: date, startMinute: start,
                                      durationMinutes: used.chairMinutes, chair: chair, staff: [Appointment.StaffMember(id: nurse.id, name: nurse.name)],
                                      status: status, changeReason: outcome == .cancelled ? .illness : nil,
                                      changeNote: outcome == .cancelled ? "Unwell; rebooked" : nil, siteID: site.id)
            appointments.append((booking, createdAt: at(min(date, today).adding(days: -7), 9 * 60)))
            guard past, outcome == .discharged || outcome == .stoppedEarly else { continue }
            do {
                try chart(booking, course: course, planned: session, outcome: outcome, patient: patient, nurse: nurse, prescriber: prescriber,
                          trajectory: trajectory, week: course.startDate.days(to: date) / 7)
                held += 1
            } catch {
                // A synthetic session the rules refuse is left booked as missed rather than charted wrongly.
                say("seed: session \(session.number) of a course at \(site.name) not charted: \(error)")
            }
        }
        return held
    }

    /// The first free chair on an open day on or after `from` (up to a week later), with its start minute.
    func slot(from: CalendarDate, minutes: Int) -> (CalendarDate, Int, String)? {
        var day = from
        for _ in 0..<7 {
            if let hours = site.clinicDays.hours(on: day) {
                var free = chairs[day] ?? Array(repeating: hours.opens, count: site.chairs.count)
                if let chair = free.indices.min(by: { free[$0] < free[$1] }), free[chair] + minutes <= hours.closes {
                    let start = free[chair]
                    free[chair] = (start + minutes + 14) / 15 * 15
                    chairs[day] = free
                    return (day, start, site.chairs[chair])
                }
            }
            day = day.adding(days: 1)
        }
        return nil
    }

    /// Charts one held session through the core's rules: check-in, vitals, the checklist, the dose
    /// drawn from the quarter's lot, vitals every 10 to 15 minutes, sign-off and discharge (or a
    /// stop for vomiting), the REMS form for esketamine, and the measures taken around it.
    func chart(_ booking: Appointment, course: Course, planned: PlannedSession, outcome: Outcome, patient: Patient, nurse: User, prescriber: User,
               trajectory: Trajectory, week: Int) throws {
        let rules = network.settings.sessionRules
        let route = course.treatmentProtocol.route
        let checkIn = at(booking.date, booking.startMinute)
        func minute(_ offset: Int) -> Date { checkIn.addingTimeInterval(Double(offset * 60)) }
        var session = DosingSession(id: NewID.make(), patientID: patient.id, patientName: patient.fullName, courseID: course.id,
                                    sessionNumber: planned.number, route: route, appointmentID: booking.id, date: booking.date, chair: booking.chair,
                                    createdAt: minute(-5), siteID: site.id)
        var events: [(String, AuditAction, Date)] = [("\(course.treatmentProtocol.reference) session \(planned.number) on \(booking.date)", .create, minute(-5))]
        func move(_ status: SessionStatus, _ offset: Int, note: String? = nil) throws {
            let from = session.status
            try session.move(to: status, note: note, at: minute(offset), byID: nurse.id, byName: nurse.name, rules: rules)
            events.append(("\(from.rawValue) → \(status.rawValue)\(note.map { ": \($0)" } ?? "")", .update, minute(offset)))
        }
        func vitals(_ offset: Int, rise: Int) throws {
            let reading = try session.record(VitalSignsForm(systolic: trajectory.systolic + rise + Int.random(in: -4...4, using: &random),
                                                            diastolic: trajectory.diastolic + rise / 2 + Int.random(in: -3...3, using: &random),
                                                            heartRate: Int.random(in: 62...88, using: &random), spo2: Int.random(in: 95...99, using: &random),
                                                            sedation: rise > 8 ? 4 : 5), byName: nurse.name, at: minute(offset))
            events.append(("vitals \(reading.bloodPressure)", .update, minute(offset)))
        }
        try move(.checkedIn, 0)
        try vitals(3, rise: 0)
        try session.answer(ReadinessChecklist(
            noFoodForTwoHours: route.isEsketamine ? true : nil, noLiquidsForThirtyMinutes: route.isEsketamine ? true : nil,
            noNasalSprayWithinHour: route.isEsketamine ? true : nil, rideConfirmed: true, noDrivingAcknowledged: true,
            pregnancy: .notApplicable, newMedications: []))
        events.append(("readiness checklist answered", .update, minute(5)))
        try move(.ready, 8)
        try move(.dosing, 15)
        let ordered = course.dose(forSession: planned.number)
        let lot = self.lot(for: route, on: booking.date)
        let devices = ordered.devices ?? 0
        let doseStart = minute(15)
        let form = AdministrationForm(
            lot: lot.lotNumber, startedAt: route.isEsketamine ? nil : Instant.format(doseStart),
            deviceTimes: route.isEsketamine ? (0..<devices).map { Instant.format(doseStart.addingTimeInterval(Double($0 * 5 * 60))) } : nil,
            pumpRateMlPerHour: route == .ivKetamine ? 150 : nil, volumeMl: route == .ivKetamine ? 100 : nil)
        let doseEnd = route.isEsketamine ? 17 + max(devices - 1, 0) * 5 : route == .ivKetamine ? 55 : 20
        let given = try session.administer(form, ordered: ordered, treatmentProtocol: course.treatmentProtocol, at: minute(doseEnd - 1),
                                           administeredBy: Appointment.StaffMember(id: nurse.id, name: nurse.name),
                                           supervisedBy: Appointment.StaffMember(id: prescriber.id, name: prescriber.name), mayChangeDose: false)
        events.append(("administration: \(Dose.formatted(given.doseMg)) mg, lot \(given.lot)", .update, minute(doseEnd - 1)))
        draw(session, lot: lot, at: given.startedAt, nurse: nurse, witness: prescriber)
        try move(.monitoring, doseEnd)
        let earliest = rules.recoveryMinutes(after: route).map { doseEnd + $0 } ?? 15 + DosingSession.esketamineMonitoringMinutes
        if outcome == .stoppedEarly {
            let effect = try session.record(SideEffectForm(kind: "vomiting", severity: "moderate", intervention: "Ondansetron 4 mg; reassured"),
                                            byName: nurse.name, at: minute(doseEnd + 10))
            events.append(("side effect: \(effect.kind.rawValue)", .update, minute(doseEnd + 10)))
            try vitals(doseEnd + 12, rise: 14)
            try move(.stoppedEarly, doseEnd + 15, note: "Vomiting and distress; stopped, watched until settled")
        } else {
            var offset = doseEnd + 10
            while offset < earliest - 8 {
                try vitals(offset, rise: max(0, 16 - (offset - doseEnd) / 6))
                offset += Int.random(in: 10...15, using: &random)
            }
            try vitals(earliest - 8, rise: 0)
            try session.signOff(note: "Alert and oriented; ride home confirmed", byName: nurse.name, at: minute(earliest - 2))
            events.append(("signed off for discharge", .update, minute(earliest - 2)))
            try move(.discharged, earliest + 2)
            let sent = booking.date.adding(days: 2)
            if route.isEsketamine && sent <= today && (booking.date < today.adding(days: -7) || chance(60)) {
                try session.submitRems(on: sent, reference: "PMF-\(sent.month)\(sent.day)", byName: nurse.name, today: today)
                events.append(("REMS monitoring form submitted on \(sent)", .update, at(sent, 10 * 60)))
            }
        }
        sessions.append(session)
        for (detail, action, time) in events {
            audit.append((AuditRecord(actor(nurse), action, resourceType: "DosingSession", resourceID: session.id.lowercased, patientID: patient.id,
                                      detail: detail), time))
        }
        audit.append((AuditRecord(actor(prescriber), .read, resourceType: "Patient", resourceID: patient.id.lowercased, patientID: patient.id,
                                  detail: "chart"), minute(-20)))
        try measure(session, trajectory: trajectory, week: week, before: minute(2), after: minute(earliest - 10), patient: patient, nurse: nurse)
        network.progress.advance(by: 1, rows: 0)
    }

    /// The quarter's lot of the product the route draws on at this site, planned as it is first needed.
    func lot(for route: TreatmentRoute, on date: CalendarDate) -> StockLot {
        let product = route.isEsketamine ? network.products.esketamine : network.products.ketamine
        let quarter = CalendarDate(year: date.year, month: (date.month - 1) / 3 * 3 + 1, day: 1)!
        let key = "\(product.id)-\(quarter)"
        if let lot = lots[key] { return lot }
        let lot = StockLot(id: NewID.make(), productID: product.id,
                           lotNumber: "\(route.isEsketamine ? "ESK" : "KET")-\(quarter.year)Q\((quarter.month + 2) / 3)-\(site.phone.suffix(2))",
                           expiresOn: quarter.adding(days: 730), supplierName: "Synthetic Medical Supply Co.", supplierAddress: "1 Example Way, Springfield",
                           supplierDEANumber: "RS1234563", invoiceNumber: "INV-\(quarter)", storageLocation: "Safe A", siteID: site.id)
        lots[key] = lot
        return lot
    }

    /// The ledger's entries for a dose: drawn from the lot and, for a vial, its remainder wasted with a witness.
    func draw(_ session: DosingSession, lot: StockLot, at time: Date, nurse: User, witness: User) {
        guard let dose = SessionDose(session) else { return }
        let product = session.route.isEsketamine ? network.products.esketamine : network.products.ketamine
        let giver = Appointment.StaffMember(id: nurse.id, name: nurse.name)
        func entry(_ kind: LedgerEntry.Kind, _ quantity: Double, witnesses: [LedgerEntry.Witness], note: String?) -> LedgerEntry {
            LedgerEntry(id: NewID.make(), sequence: 0, kind: kind, lotID: lot.id, quantity: quantity, sessionID: session.id, patientID: session.patientID,
                        userID: nurse.id, userName: nurse.name, administeredBy: kind == .administration ? giver : nil, witnesses: witnesses, note: note,
                        corrects: nil, occurredAt: time, recordedAt: time.addingTimeInterval(120), previousHash: "")
        }
        drawn.append(entry(.administration, dose.quantity(of: product), witnesses: [], note: nil))
        if let remainder = dose.remainder(of: product), remainder > 0 {
            drawn.append(entry(.waste, remainder, witnesses: [LedgerEntry.Witness(id: witness.id, name: witness.name)], note: "Remainder of the opened vial"))
        }
    }

    /// Receives each quarter's lots with what the quarter drew and a tenth to spare, in whole containers,
    /// through the clinic's storage call, on the quarter's first day.
    func receiveStock() async throws {
        let needed = Dictionary(grouping: drawn, by: \.lotID).mapValues { $0.reduce(0) { $0 + $1.quantity } }
        for lot in lots.values.sorted(by: { $0.lotNumber < $1.lotNumber }) {
            let product = lot.productID == network.products.esketamine.id ? network.products.esketamine : network.products.ketamine
            let containers = ((needed[lot.id] ?? 0) * 1.1 / product.unitsPerContainer).rounded(.up)
            let quarter = lot.expiresOn.adding(days: -730)
            clock.now = at(min(quarter, today), 7 * 60)
            _ = try await database.receiveLot(lot, quantity: max(containers, 1) * product.unitsPerContainer, by: network.admin,
                                              actor: actor(network.admin), timeZone: zone)
        }
        clock.now = clock.started
    }
}
