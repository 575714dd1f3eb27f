import Foundation
import Testing
import VigilCore

@Suite("Dosing sessions")
struct DosingSessionTests {
    static let start = Instant.parse("2026-11-23T09:00:00Z")!
    static let rules = SessionRules()
    static let northside = Site(name: "Northside", address: "1 Main St", phone: "555-0100", timeZoneID: "America/Chicago", remsSettingID: "HCS-77",
                                remsCertifiedOn: CalendarDate("2026-01-05"))
    static let nurse = Appointment.StaffMember(id: UUID(), name: "Nia Okafor")
    static let prescriber = Appointment.StaffMember(id: UUID(), name: "Dr Ama Mensah")

    static func at(_ minutes: Double) -> Date { start.addingTimeInterval(minutes * 60) }

    static func vitals(_ minutes: Double, _ systolic: Int = 128, _ diastolic: Int = 80, heartRate: Int = 76, spo2: Int = 98, sedation: Int? = 5) -> VitalSigns {
        VitalSigns(id: UUID(), takenAt: at(minutes), systolic: systolic, diastolic: diastolic, heartRate: heartRate, spo2: spo2,
                   respiratoryRate: nil, sedation: sedation, recordedByName: "Nia Okafor")
    }

    static let readyChecklist = ReadinessChecklist(noFoodForTwoHours: true, noLiquidsForThirtyMinutes: true, noNasalSprayWithinHour: true,
                                                   rideConfirmed: true, noDrivingAcknowledged: true, pregnancy: .notApplicable, newMedications: [])

    static func session(_ route: TreatmentRoute = .esketamineNasal, status: SessionStatus = .checkedIn, checklist: ReadinessChecklist = readyChecklist,
                        vitals: [VitalSigns] = [vitals(-10)]) -> DosingSession {
        DosingSession(id: UUID(), patientID: UUID(), patientName: "Rosa Quinn", courseID: UUID(), sessionNumber: 1, route: route, appointmentID: nil,
                      date: CalendarDate("2026-11-23")!, chair: "Chair 1", createdAt: at(-30), status: status, checklist: checklist, vitals: vitals)
    }

    /// An esketamine session dosed at minute 0 (devices at 0, 5 and 10), now monitoring.
    static func monitoring(_ later: [VitalSigns], signed: Bool = true, route: TreatmentRoute = .esketamineNasal) -> DosingSession {
        var session = session(route, status: .monitoring, vitals: [vitals(-10)] + later)
        let devices = route.isEsketamine ? [at(0), at(5), at(10)] : []
        session.administration = Administration(id: UUID(), drug: route.isEsketamine ? .esketamine : .ketamine, route: route, doseMg: route.isEsketamine ? 84 : 35,
                                                mgPerKg: nil, lot: "L1", startedAt: at(0), endedAt: route.isEsketamine ? at(10) : at(40), devices: devices,
                                                pumpRateMlPerHour: nil, volumeMl: nil, administeredBy: nurse, supervisedBy: prescriber, note: nil)
        session.transitions = [SessionTransition(from: .dosing, to: .monitoring, at: at(10), byID: nil, byName: "Nia Okafor", note: nil)]
        if signed { session.signOff = DosingSession.SignOff(byName: "Dr Ama Mensah", at: at(115), note: nil) }
        return session
    }

    @Test func everyLegalMoveAndTheIllegalOnes() throws {
        let legal: [SessionStatus: Set<SessionStatus>] = [
            .scheduled: [.checkedIn, .noShow, .cancelled], .checkedIn: [.ready, .cancelled], .ready: [.dosing, .checkedIn, .cancelled],
            .dosing: [.monitoring, .stoppedEarly], .monitoring: [.discharged, .stoppedEarly],
        ]
        for from in SessionStatus.allCases {
            for to in SessionStatus.allCases {
                let allowed = legal[from]?.contains(to) ?? false
                do {
                    try from.checkMove(to: to, note: "reason")
                    #expect(allowed, "\(from) → \(to) should be refused")
                } catch let error as ConflictError {
                    #expect(!allowed, "\(from) → \(to) should be allowed")
                    #expect(error.summary.contains("cannot become \(to.rawValue)"))
                }
            }
        }
        #expect(throws: ValidationError.self) { try SessionStatus.dosing.checkMove(to: .stoppedEarly, note: " ") }
        #expect(throws: ValidationError.self) { try SessionStatus.scheduled.checkMove(to: .cancelled, note: nil) }
        #expect(throws: ConflictError.self) { try SessionStatus.discharged.checkMove(to: .monitoring, note: nil) }
    }

    @Test func bloodPressureGateBandsAndTheirEdges() {
        let cases: [(Int, Int, BloodPressureBand)] = [
            (120, 80, .ok), (140, 90, .ok), (141, 90, .caution), (140, 91, .caution), (179, 109, .caution),
            (180, 80, .hold), (130, 110, .hold), (200, 120, .hold),
        ]
        for (systolic, diastolic, band) in cases {
            #expect(BloodPressureBand.of(systolic: systolic, diastolic: diastolic, rules: Self.rules) == band, "\(systolic)/\(diastolic)")
        }
        var strict = SessionRules()
        strict[.holdSystolicAtLeast] = 160
        #expect(BloodPressureBand.of(systolic: 165, diastolic: 80, rules: strict) == .hold, "the hold is a clinic setting")
    }

    /// Clinic-day issue, finding 6: a session on hold could be moved to ready, and stayed ready when a new reading held.
    @Test func aHeldGateKeepsTheSessionOutOfReady() throws {
        var held = Self.session(vitals: [Self.vitals(-5, 184, 96)])
        #expect(throws: ConflictError.self) { try held.move(to: .ready, note: nil, at: Self.at(0), byID: nil, byName: "Nia", rules: Self.rules) }
        var incomplete = Self.session(checklist: ReadinessChecklist())
        #expect(throws: ConflictError.self) { try incomplete.move(to: .ready, note: nil, at: Self.at(0), byID: nil, byName: "Nia", rules: Self.rules) }
        var ready = Self.session()
        try ready.move(to: .ready, note: nil, at: Self.at(0), byID: nil, byName: "Nia", rules: Self.rules)
        ready.leaveReadyIfHeld(rules: Self.rules, at: Self.at(1), byID: nil, byName: "Nia")
        #expect(ready.status == .ready, "still clear")
        ready.vitals.append(Self.vitals(2, 186, 100))
        ready.leaveReadyIfHeld(rules: Self.rules, at: Self.at(2), byID: nil, byName: "Nia")
        #expect(ready.status == .checkedIn && ready.transitions.last?.note?.hasPrefix("Back to checked in: readiness is hold.") == true)
    }

    /// Clinic-day issue, finding 3: a device time of 10:00 was taken on a session checked in at 14:40.
    @Test func aDoseCannotStartBeforeWhatTheGatePassedOn() throws {
        var session = Self.session(.ivKetamine, status: .checkedIn, vitals: [Self.vitals(-10)])
        session.transitions = [SessionTransition(from: .scheduled, to: .checkedIn, at: Self.at(-20), byID: nil, byName: "Nia", note: nil)]
        session.checklist = ReadinessChecklist(rideConfirmed: true, noDrivingAcknowledged: true, pregnancy: .notPregnant, newMedications: [])
        try session.move(to: .ready, note: nil, at: Self.at(-5), byID: nil, byName: "Nia", rules: Self.rules)
        try session.move(to: .dosing, note: nil, at: Self.at(-2), byID: nil, byName: "Nia", rules: Self.rules)
        #expect(session.doseNotBefore.map(\.what) == ["check-in", "the move to ready, with the checklist complete",
                                                       "the pre-dose vital signs the readiness gate passed on"])
        let order = Dose(mg: 35, mgPerKg: 0.5)
        func give(startingAt minutes: Double) throws -> Administration {
            var copy = session
            return try copy.administer(AdministrationForm(doseMg: 35, lot: "K1", startedAt: Instant.format(Self.at(minutes)), pumpRateMlPerHour: 150, volumeMl: 100),
                                       ordered: order, treatmentProtocol: ProtocolLibrary.ivKetamine, at: Self.at(0), administeredBy: Self.nurse,
                                       supervisedBy: Self.prescriber, mayChangeDose: false)
        }
        let early = #expect(throws: ValidationError.self) { try give(startingAt: -25) }
        #expect(early?.errors.map(\.message).first?.hasPrefix("is before check-in") == true)
        let beforeReading = #expect(throws: ValidationError.self) { try give(startingAt: -12) }
        #expect(beforeReading?.errors.map(\.message) == [
            "is before the move to ready, with the checklist complete (\(Instant.format(Self.at(-5)))): a dose cannot be given before it",
            "is before the pre-dose vital signs the readiness gate passed on (\(Instant.format(Self.at(-10)))): a dose cannot be given before it",
        ])
        let beforeReady = #expect(throws: ValidationError.self) { try give(startingAt: -7) }
        #expect(beforeReady?.errors.count == 1 && beforeReady?.errors.first?.message.hasPrefix("is before the move to ready") == true)
        #expect(try give(startingAt: -1).startedAt == Self.at(-1))
    }

    /// A reading from 3 hours before passed the gate (clinical-safety issue, finding 4).
    @Test func theGateReadsThisVisitsVitals() {
        let session = Self.session(vitals: [Self.vitals(-180), Self.vitals(-31)])
        let stale = session.readiness(rules: Self.rules, at: Self.at(0))
        #expect(stale.status == .incomplete && !stale.permitsDosing)
        #expect(stale.reasons == ["Take a new reading: the latest pre-dose vital signs are 31 minutes old, and the clinic doses only on a reading from the last 30 minutes."])
        #expect(Self.session(vitals: [Self.vitals(-30)]).readiness(rules: Self.rules, at: Self.at(0)).status == .ok, "30 minutes is within the limit")
        var wider = Self.rules
        wider[.preDoseVitalsWithinMinutes] = 60
        #expect(session.readiness(rules: wider, at: Self.at(0)).status == .ok, "the limit is a clinic setting")
        var validator = Validator()
        _ = Self.rules.changed(["preDoseVitalsWithinMinutes": 180], into: &validator)
        #expect(validator.errors.map(\.field) == ["sessionRules.preDoseVitalsWithinMinutes"], "and never over an hour")

        let low = Self.session(vitals: [Self.vitals(-5, heartRate: 128, spo2: 90)]).readiness(rules: Self.rules, at: Self.at(0))
        #expect(low.status == .hold && low.reasons == [
            "SpO2 90 % is below the clinic's alert threshold of 92 %: do not dose until it recovers.",
            "Heart rate 128/min is above the clinic's alert threshold of 120/min: do not dose until it settles.",
        ])
    }

    @Test func readinessIsIncompleteUntilAnsweredThenOkCautionOrHold() {
        var session = Self.session(checklist: ReadinessChecklist(rideConfirmed: true), vitals: [])
        var verdict = session.readiness(rules: Self.rules, at: Self.at(0))
        #expect(verdict.status == .incomplete)
        #expect(verdict.reasons.first?.contains("no food for 2 hours") == true && verdict.reasons.first?.contains("pre-dose vital signs") == true)

        session = Self.session()
        #expect(session.readiness(rules: Self.rules, at: Self.at(0)).status == .ok)
        #expect(Self.session(.ivKetamine, checklist: ReadinessChecklist(rideConfirmed: true, noDrivingAcknowledged: true, pregnancy: .notPregnant,
                                                                         newMedications: [])).readiness(rules: Self.rules, at: Self.at(0)).status == .ok,
                "fasting and nasal sprays are esketamine questions")

        session = Self.session(vitals: [Self.vitals(-10, 150, 85)])
        verdict = session.readiness(rules: Self.rules, at: Self.at(0))
        #expect(verdict.status == .caution && !verdict.permitsDosing)
        #expect(verdict.reasons.first?.contains("weigh the transient rise") == true)
        session.acknowledgement = CautionAcknowledgement(reasons: verdict.reasons, note: "Usual for her; recheck at 40 min", byName: "Dr Ama Mensah", at: Self.at(-5))
        #expect(session.readiness(rules: Self.rules, at: Self.at(0)).permitsDosing)
        session.vitals.append(Self.vitals(-2, 150, 95))
        #expect(!session.readiness(rules: Self.rules, at: Self.at(0)).permitsDosing, "a new caution reason needs a new acknowledgement")

        session = Self.session(vitals: [Self.vitals(-15, 184, 96)])
        #expect(session.readiness(rules: Self.rules, at: Self.at(0)).status == .hold)
        session.vitals.append(Self.vitals(-5, 136, 84))
        #expect(session.readiness(rules: Self.rules, at: Self.at(0)).status == .ok, "the latest pre-dose reading counts, after rest")

        var ate = Self.readyChecklist
        ate.noFoodForTwoHours = false
        #expect(Self.session(checklist: ate).readiness(rules: Self.rules, at: Self.at(0)).reasons == ["Ate within 2 hours of dosing (label: no food for 2 hours before): reschedule (ate too close)."])
        var medicated = Self.readyChecklist
        medicated.newMedications = [.benzodiazepines]
        #expect(Self.session(checklist: medicated).readiness(rules: Self.rules, at: Self.at(0)).status == .caution)
    }

    @Test func dosingIsRefusedOnHoldOrUnacknowledgedCaution() throws {
        var held = Self.session(status: .ready, vitals: [Self.vitals(-5, 182, 100)])
        #expect(throws: ConflictError.self) {
            try held.move(to: .dosing, note: nil, at: Self.at(0), byID: nil, byName: "Nia", rules: Self.rules)
        }
        var ready = Self.session(status: .ready)
        try ready.move(to: .dosing, note: nil, at: Self.at(0), byID: nil, byName: "Nia", rules: Self.rules)
        #expect(ready.status == .dosing && ready.transitions.last?.at == Self.at(0))
        #expect(throws: ConflictError.self, "monitoring needs the administration") {
            try ready.move(to: .monitoring, note: nil, at: Self.at(15), byID: nil, byName: "Nia", rules: Self.rules)
        }
    }

    @Test func alertThresholds() {
        func kinds(_ vitals: VitalSigns) -> [SessionAlert.Kind] { SessionAlert.raised(by: vitals, rules: Self.rules).map(\.kind) }
        #expect(kinds(Self.vitals(40, 179, 109, heartRate: 120, spo2: 92, sedation: 3)).isEmpty, "every edge just inside")
        #expect(kinds(Self.vitals(40, 180, 80)) == [.bloodPressure])
        #expect(kinds(Self.vitals(40, 150, 110)) == [.bloodPressure])
        #expect(kinds(Self.vitals(40, heartRate: 121)) == [.heartRate])
        #expect(kinds(Self.vitals(40, spo2: 91)) == [.oxygen])
        #expect(kinds(Self.vitals(40, sedation: 2)) == [.sedation])
        // Low readings alert too (clinical-safety issue, finding 5).
        #expect(kinds(Self.vitals(40, 90, 60, heartRate: 50)).isEmpty, "the low edges just inside")
        #expect(kinds(Self.vitals(40, 89, 60)) == [.bloodPressure])
        #expect(kinds(Self.vitals(40, heartRate: 49)) == [.heartRate])
        let slow = VitalSigns(id: UUID(), takenAt: Self.at(40), systolic: 120, diastolic: 80, heartRate: 70, spo2: 97, respiratoryRate: 9,
                              sedation: 5, recordedByName: "Nia Okafor")
        #expect(kinds(slow) == [.respiratoryRate])
        var validator = Validator()
        _ = Self.rules.changed(["alertSpo2Below": 80, "alertSedationAtMost": 0, "alertRespiratoryRateBelow": 4], into: &validator)
        #expect(validator.errors.count == 3, "an alarm that comes too late cannot be set")
    }

    @Test func aSustainedRiseFromThePatientsOwnBaselineAlertsAndHoldsDischarge() {
        // Pre-dose 120 systolic (the helper's reading at -10); +20 % is 144.
        var session = Self.monitoring([Self.vitals(40, 150, 85), Self.vitals(70, 146, 84)], route: .ivKetamine)
        session.vitals[0] = Self.vitals(-10, 120, 78)
        #expect(session.openAlerts(rules: Self.rules).map(\.kind) == [.bloodPressureRise])
        session.vitals.append(Self.vitals(80, 140, 82))
        #expect(session.openAlerts(rules: Self.rules).isEmpty, "back within 20 %")
        session.vitals.append(Self.vitals(90, 150, 82))
        let discharge = session.dischargeReadiness(at: Self.at(121), rules: Self.rules)
        #expect(discharge.reasons.contains("Latest systolic 150 is more than 20 % above the pre-dose 120: wait and recheck."),
                "178/108 was dischargeable after 118/76; below 180/110 is not enough")
    }

    @Test func vitalsDueFromTheProtocol() {
        var session = Self.monitoring([])
        #expect(session.nextVitalsDue(rules: Self.rules) == Self.at(40), "esketamine: about 40 minutes after the first device")
        session.vitals.append(Self.vitals(41))
        #expect(session.nextVitalsDue(rules: Self.rules) == Self.at(71))
        var infusion = Self.monitoring([], route: .ivKetamine)
        infusion.status = .dosing
        infusion.vitals.append(Self.vitals(20))
        #expect(infusion.nextVitalsDue(rules: Self.rules) == Self.at(30), "every 10 minutes during the infusion")
        infusion.status = .monitoring
        #expect(infusion.nextVitalsDue(rules: Self.rules) == Self.at(35), "every 15 minutes after")
    }

    @Test func esketamineDischargeAt120MinutesNotAt119() {
        let session = Self.monitoring([Self.vitals(40, 150, 88, sedation: 3), Self.vitals(110)])
        let early = session.dischargeReadiness(at: Self.at(119), rules: Self.rules)
        #expect(!early.ready && early.earliestAt == Self.at(120))
        #expect(early.reasons == ["Esketamine needs at least 120 minutes from the first device (label, REMS): 1 more minute(s)."])
        #expect(session.dischargeReadiness(at: Self.at(120), rules: Self.rules).ready)
    }

    @Test func dischargeRefusedForALateHighBPSedationNoRideOrNoSignOff() {
        let highBP = Self.monitoring([Self.vitals(115, 182, 96)]).dischargeReadiness(at: Self.at(121), rules: Self.rules)
        #expect(highBP.reasons == ["Latest vitals: BP 182/96 is at or above 180/110.",
                                   "Latest systolic 182 is more than 20 % above the pre-dose 128: wait and recheck."])
        let sedated = Self.monitoring([Self.vitals(115, sedation: 4)]).dischargeReadiness(at: Self.at(121), rules: Self.rules)
        #expect(sedated.reasons == ["Sedation has not resolved: MOAA/S 4, needs 5 (label: until sedation resolves)."])
        var noRide = Self.monitoring([Self.vitals(115)])
        noRide.checklist.rideConfirmed = false
        #expect(noRide.dischargeReadiness(at: Self.at(121), rules: Self.rules).reasons == ["No ride home is confirmed."])
        let unsigned = Self.monitoring([Self.vitals(115)], signed: false).dischargeReadiness(at: Self.at(121), rules: Self.rules)
        #expect(unsigned.reasons == ["No clinician has signed the patient off."])
        let stale = Self.monitoring([Self.vitals(100)]).dischargeReadiness(at: Self.at(121), rules: Self.rules)
        #expect(stale.reasons == ["The latest vitals are 21 minutes old: take a set within 15 minutes of leaving."])
        var narrowed = SessionRules()
        narrowed[.dischargeSystolicBelow] = 160
        narrowed[.baselineBloodPressurePercent] = 30
        #expect(Self.monitoring([Self.vitals(115, 165, 90)]).dischargeReadiness(at: Self.at(121), rules: narrowed).reasons
                == ["Latest BP 165/90 is not below the clinic's discharge limit of 160/110."])
    }

    /// A dissociation recorded 5 minutes before discharge did not block it (clinical-safety issue,
    /// finding 6): a side effect is open until documented resolved.
    @Test func anUnresolvedSideEffectHoldsDischarge() throws {
        var session = Self.monitoring([Self.vitals(115)])
        _ = try session.record(SideEffectForm(kind: "dissociation", severity: "mild", at: Instant.format(Self.at(110))), byName: "Nia Okafor", at: Self.at(115))
        _ = try session.record(SideEffectForm(kind: "nausea", severity: "mild", at: Instant.format(Self.at(60))), byName: "Nia Okafor", at: Self.at(115))
        #expect(session.dischargeReadiness(at: Self.at(121), rules: Self.rules).reasons == [
            "Dissociation (mild) has not been documented as resolved (label, REMS: monitor until it resolves).",
            "Nausea (mild) has not been documented as resolved.",
        ])
        let dissociation = session.sideEffects[0].id
        #expect(throws: ValidationError.self) { try session.resolveSideEffect(id: dissociation, at: Instant.format(Self.at(100)), byName: "Nia", now: Self.at(120)) }
        try session.resolveSideEffect(id: dissociation, at: nil, byName: "Nia Okafor", now: Self.at(120))
        #expect(session.sideEffects[0].resolvedAt == Self.at(120) && session.sideEffects[0].resolvedByName == "Nia Okafor")
        #expect(throws: ConflictError.self) { try session.resolveSideEffect(id: dissociation, at: nil, byName: "Nia", now: Self.at(120)) }
        try session.resolveSideEffect(id: session.sideEffects[1].id, at: Instant.format(Self.at(90)), byName: "Nia Okafor", now: Self.at(120))
        #expect(session.dischargeReadiness(at: Self.at(121), rules: Self.rules).ready)
    }

    @Test func ivDischargeCountsFromTheInfusionEnd() {
        let session = Self.monitoring([Self.vitals(65)], route: .ivKetamine)
        #expect(session.dischargeReadiness(at: Self.at(69), rules: Self.rules).earliestAt == Self.at(70), "40-minute infusion + 30")
        #expect(!session.dischargeReadiness(at: Self.at(69), rules: Self.rules).ready)
        #expect(session.dischargeReadiness(at: Self.at(70), rules: Self.rules).ready)
    }

    /// Oral, sublingual and IM ketamine could leave 30 minutes after the dose, before their peak
    /// (clinical-safety issue, finding 3): each route has its own minimum, never below its floor.
    @Test func recoveryBeforeDischargeIsTheRoutes() {
        let ended = Self.at(40)
        for (route, minutes) in [(TreatmentRoute.ivKetamine, 30), (.imKetamine, 60), (.oralKetamine, 120), (.sublingualKetamine, 120)] {
            #expect(Self.monitoring([], route: route).earliestDischarge(rules: Self.rules) == ended.addingTimeInterval(Double(minutes * 60)), "\(route)")
        }
        var validator = Validator()
        _ = Self.rules.changed(["sublingualRecoveryMinutes": 45, "imRecoveryMinutes": 30, "infusionRecoveryMinutes": 15], into: &validator)
        #expect(validator.errors.map(\.field) == ["sessionRules.imRecoveryMinutes", "sessionRules.infusionRecoveryMinutes", "sessionRules.sublingualRecoveryMinutes"])
        let stored = try! JSONDecoder().decode(SessionRules.self, from: Data(#"{"infusionRecoveryMinutes":15}"#.utf8))
        #expect(stored[.infusionRecoveryMinutes] == 30, "a value stored before the floor was raised counts as the floor")
        let early = Self.monitoring([Self.vitals(100)], route: .sublingualKetamine).dischargeReadiness(at: Self.at(121), rules: Self.rules)
        #expect(early.reasons.contains("Sublingual ketamine: the clinic's minimum is 120 minutes after the dose ends: 39 more minute(s)."))
    }

    @Test func esketamineDevicesMustBeFiveMinutesApart() throws {
        let ordered = Dose(mg: 84, devices: 3)
        func form(_ minutes: [Double]) -> AdministrationForm {
            AdministrationForm(lot: "ESK123", deviceTimes: minutes.map { Instant.format(Self.at($0)) }, supervisedBy: nil)
        }
        func check(_ form: AdministrationForm) throws -> Administration {
            try form.checked(ordered: ordered, treatmentProtocol: ProtocolLibrary.esketamineTRD, now: Self.at(30), notBefore: Self.at(-30),
                             administeredBy: Self.nurse, supervisedBy: Self.prescriber)
        }
        let given = try check(form([0, 5, 10]))
        #expect(given.startedAt == Self.at(0) && given.endedAt == Self.at(10) && given.devices.count == 3)
        let close = #expect(throws: ValidationError.self) { try check(form([0, 4, 10])) }
        #expect(close?.errors.first?.message.contains("at least 5 minutes apart") == true)
        let short = #expect(throws: ValidationError.self) { try check(form([0, 5])) }
        #expect(short?.errors.first?.message.contains("each of the 3 28 mg devices") == true)
        let changed = #expect(throws: ValidationError.self) {
            try check(AdministrationForm(doseMg: 56, lot: "ESK123", deviceTimes: [Instant.format(Self.at(0)), Instant.format(Self.at(5))]))
        }
        #expect(changed?.errors.map(\.field) == ["note"], "a dose unlike the order needs a reason")
        let above = #expect(throws: ValidationError.self) {
            try check(AdministrationForm(doseMg: 112, lot: "ESK123", deviceTimes: (0..<4).map { Instant.format(Self.at(Double($0) * 5)) }, note: "asked"))
        }
        #expect(above?.errors.first?.field == "doseMg", "the hard maximum holds whatever the note")
        let partDevice = #expect(throws: ValidationError.self) {
            try check(AdministrationForm(doseMg: 70, lot: "ESK123", deviceTimes: (0..<3).map { Instant.format(Self.at(Double($0) * 5)) }, note: "asked for it"))
        }
        #expect(partDevice?.errors.first?.message == "70 mg is not a whole number of 28 mg devices")
    }

    @Test func onlyAPrescriberGivesAnotherDoseThanTheOrder() throws {
        let session = Self.session(.ivKetamine, status: .dosing, vitals: [Self.vitals(-10)])
        let ordered = Dose(mg: 35, mgPerKg: 0.5)
        let form = AdministrationForm(doseMg: 42, lot: "KET-77", pumpRateMlPerHour: 150, volumeMl: 100, note: "Partial response; raise to 0.6")
        func give(_ form: AdministrationForm, prescriber: Bool) throws -> Administration {
            var copy = session
            return try copy.administer(form, ordered: ordered, treatmentProtocol: ProtocolLibrary.ivKetamine, at: Self.at(45),
                                       administeredBy: Self.nurse, supervisedBy: Self.prescriber, mayChangeDose: prescriber)
        }
        let refused = #expect(throws: ConflictError.self) { try give(form, prescriber: false) }
        #expect(refused?.errors.first?.field == "doseMg" && refused?.summary.contains("only a prescriber changes a dose") == true)
        #expect(try give(AdministrationForm(lot: "KET-77", pumpRateMlPerHour: 150, volumeMl: 100), prescriber: false).doseMg == 35, "the order's dose")
        #expect(try give(AdministrationForm(doseMg: 35.0004, lot: "KET-77", pumpRateMlPerHour: 150, volumeMl: 100), prescriber: false).doseMg == 35.0004)
        #expect(try give(form, prescriber: true).mgPerKg == 0.6)
    }

    @Test func impossibleVitalsAreRefused() {
        func errors(_ form: VitalSignsForm) -> [String] {
            do {
                _ = try form.checked(now: Self.at(60), notBefore: Self.at(-30), recordedByName: "Nia")
                return []
            } catch { return error.errors.map(\.field) }
        }
        #expect(errors(VitalSignsForm(systolic: 128, diastolic: 80, heartRate: 70, spo2: 98)).isEmpty)
        #expect(errors(VitalSignsForm(systolic: 1280, diastolic: 80, heartRate: 70, spo2: 98)) == ["systolic"])
        #expect(errors(VitalSignsForm(systolic: 120, diastolic: 130, heartRate: 70, spo2: 98)) == ["diastolic"])
        #expect(errors(VitalSignsForm(systolic: 120, diastolic: 80, heartRate: 0, spo2: 101, sedation: 6)) == ["heartRate", "spo2", "sedation"])
        #expect(errors(VitalSignsForm(takenAt: Instant.format(Self.at(90)), systolic: 120, diastolic: 80, heartRate: 70, spo2: 98)) == ["takenAt"])
    }

    @Test func remsFormValuesComeFromTheSession() throws {
        var session = Self.monitoring([Self.vitals(40, 152, 92, sedation: 3), Self.vitals(95), Self.vitals(118, 134, 82)])
        session.vitals[0] = Self.vitals(-10, 138, 86)
        session.checklist.newMedications = [.benzodiazepines]
        session.sideEffects = [SideEffect(id: UUID(), kind: .dissociation, severity: .mild, at: Self.at(20), intervention: nil, recordedByName: "Nia")]
        session.transitions.append(SessionTransition(from: .monitoring, to: .discharged, at: Self.at(121), byID: nil, byName: "Nia", note: nil))
        session.status = .discharged
        var patient = Patient(id: session.patientID, mrn: "M1", givenName: "Rosa", familyName: "Quinn", birthDate: CalendarDate("1980-02-14")!, sex: .female,
                              createdAt: Self.start, updatedAt: Self.start)
        patient.rems = RemsEnrollment(status: .enrolled, date: CalendarDate("2026-11-01"))
        let form = RemsMonitoringForm(session: session, context: .init(patient: patient, firstTreatment: true, clinicianEmail: "mensah@clinic.example",
                                                                      site: Self.northside, cadssTotal: nil), rules: Self.rules)
        #expect(form.version.id == "2021-opioids")
        #expect(form.value("monitoringMinutes") == "121")
        #expect(form.value("readyToLeaveMinutes") == "95", "settled from the 95-minute reading on")
        #expect(form.value("bpBeforeDosing") == "138/86" && form.value("bpAt40Minutes") == "152/92" && form.value("bpBeforeLeaving") == "134/82")
        #expect(form.value("dose") == "84 mg" && form.value("lotNumber") == "L1" && form.value("monitoringClinician") == "Dr Ama Mensah")
        #expect(form.value("settingName") == "Northside" && form.value("settingAddress") == "1 Main St" && form.value("monitoringClinicianPhone") == "555-0100")
        #expect(form.value("settingCertification") == "HCS-77, certified 2026-01-05", "the site's REMS certification")
        #expect(form.value("benzodiazepines") == "Yes" && form.value("opioids") == "No")
        #expect(form.value("sedation") == "Yes" && form.value("dissociation") == "Yes" && form.value("respiratoryDepression") == "No")
        #expect(form.value("dissociationResolved") == "Not documented resolved")
        session.sideEffects[0].resolvedAt = Self.at(55)
        session.sideEffects[0].resolvedByName = "Nia"
        let resolved = RemsMonitoringForm(session: session, context: .init(patient: patient, firstTreatment: true, clinicianEmail: nil,
                                                                          site: Self.northside, cadssTotal: nil), rules: Self.rules)
        #expect(resolved.value("dissociationResolved") == "55", "resolved 55 minutes after the first device")
        #expect(form.value("firstTreatment") == "Yes" && form.value("patientEnrolled") == "Yes")
        #expect(form.value("vitalsAcceptableBeforeDosing") == "Yes" && form.value("vitalsAcceptableBeforeLeaving") == "Yes")
        #expect(form.dueBy == CalendarDate("2026-11-30"))
        #expect(RemsMonitoringForm.versions.first?.keys.contains("opioids") == false, "the 2021 list has no opioid question")
    }

    /// A patient on long-term clonazepam was reported "No" for benzodiazepines: the form asks what
    /// the patient currently takes (clinical-safety issue, finding 10).
    @Test func remsMedicineAnswersAreWhatThePatientCurrentlyTakes() {
        #expect(ConcomitantMedication.currentlyTaken(medications: ["Clonazepam 0.5 mg at night", "sertraline 100 mg"], screening: nil,
                                                     newSinceLastVisit: []) == [.benzodiazepines])
        let screening = Screening(responses: [.stimulants: .init(.yes), .maoi: .init(.no)], systolic: nil, diastolic: nil)
        #expect(ConcomitantMedication.currentlyTaken(medications: ["Tramadol 50 mg as needed"], screening: screening, newSinceLastVisit: [.maois])
                == [.opioids, .psychostimulants, .maois])
        var session = Self.monitoring([Self.vitals(118, 134, 82)])
        session.checklist.newMedications = []
        var patient = Patient(id: session.patientID, mrn: "M1", givenName: "Rosa", familyName: "Quinn", birthDate: CalendarDate("1980-02-14")!, sex: .female,
                              createdAt: Self.start, updatedAt: Self.start)
        patient.medications = ["clonazepam 1 mg twice daily"]
        let form = RemsMonitoringForm(session: session, context: .init(patient: patient, firstTreatment: false, clinicianEmail: nil,
                                                                      site: Self.northside, cadssTotal: nil), rules: Self.rules)
        #expect(form.value("benzodiazepines") == "Yes" && form.value("psychostimulants") == "No")
        #expect(form.value("dissociationResolved") == "", "no dissociation, nothing to resolve")
    }

    @Test func sessionRulesRefuseContradictions() {
        var validator = Validator()
        _ = SessionRules().changed(["holdSystolicAtLeast": 130], into: &validator)
        _ = SessionRules().changed(["alertSpo2Below": 40, "nonsense": 1], into: &validator)
        #expect(validator.errors.map(\.field) == ["sessionRules", "sessionRules.alertSpo2Below", "sessionRules.nonsense"])
    }
}
