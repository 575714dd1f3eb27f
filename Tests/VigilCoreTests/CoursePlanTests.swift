import Foundation
import Testing
import VigilCore
import VigilTestSupport

@Suite("Course plans")
struct CoursePlanTests {
    static let monday = CalendarDate("2026-11-23")!

    /// A clinic open every day: the plans below are the cadence's own dates.
    static let everyDay = ClinicDays(hours: OpeningHours(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map { "\($0) 08:00-18:00" }.joined(separator: "; "))!)

    static func course(_ treatmentProtocol: TreatmentProtocol, cadences: [SchedulePhase.Cadence]? = nil, doses: [(Int, Double)] = [],
                       status: CourseStatus = .active, weightKg: Double = 70, start: CalendarDate = monday) -> Course {
        let id = UUID()
        let orders = doses.map { from, amount in
            DoseOrder(id: UUID(), courseID: id, fromSession: from, amount: amount, dose: treatmentProtocol.dosing.dose(amount, weightKg: weightKg),
                      weight: nil, reason: "course start", overrideReason: nil, orderedBy: nil, orderedByName: "Dr Ada",
                      orderedAt: Date(timeIntervalSince1970: 1_000))
        }
        return Course(id: id, patientID: UUID(), treatmentProtocol: treatmentProtocol, startDate: start,
                      cadences: cadences ?? treatmentProtocol.phases.map(\.cadence), status: status, createdByName: "Dr Ada",
                      createdAt: TestTime.now, orders: orders)
    }

    @Test func esketamineTRDPlansEightTwiceWeeklyThenFourWeeklySessions() {
        let course = Self.course(ProtocolLibrary.esketamineTRD, doses: [(1, 56), (2, 84)])
        let plan = course.plannedSessions(today: Self.monday, days: Self.everyDay)
        let fixed = Array(plan.prefix(12))
        #expect(fixed.filter { $0.phase == .induction }.count == 8)
        #expect(fixed.suffix(4).allSatisfy { $0.phase == .maintenance })
        let induction = fixed.prefix(8).map(\.plannedDate)
        for (earlier, later) in zip(induction, induction.dropFirst()) {
            #expect(earlier.days(to: later) >= 2, "at least 2 days apart")
        }
        for week in 0..<4 {
            let start = Self.monday.adding(days: week * 7), end = start.adding(days: 6)
            #expect(induction.filter { $0 >= start && $0 <= end }.count == 2, "twice in week \(week + 1)")
        }
        let weekly = fixed.suffix(4).map(\.plannedDate)
        #expect(weekly == (4..<8).map { Self.monday.adding(days: $0 * 7) }, "weeks 5–8 once weekly")
        #expect(fixed[0].dose == Dose(mg: 56, devices: 2), "day 1 is 56 mg (label)")
        #expect(fixed[1].dose == Dose(mg: 84, devices: 3))
        #expect(plan.map(\.number) == Array(1...plan.count))
    }

    @Test func laterMaintenanceIsPlannedFourWeeksAhead() {
        let course = Self.course(ProtocolLibrary.esketamineTRD, doses: [(1, 56), (2, 56)])
        #expect(course.plannedSessions(today: Self.monday, days: Self.everyDay).count == 12, "week 9 starts more than four weeks out")
        let inWeek10 = Self.monday.adding(days: 9 * 7)
        let rolling = course.plannedSessions(today: inWeek10, days: Self.everyDay).dropFirst(12)
        #expect(rolling.first?.plannedDate == Self.monday.adding(days: 8 * 7))
        #expect(rolling.last.map { $0.plannedDate <= inWeek10.adding(days: 28) && $0.plannedDate > inWeek10.adding(days: 21) } == true)
        let fortnightly = Self.course(ProtocolLibrary.esketamineTRD, cadences: [.perWeek(2), .perWeek(1), .everyDays(14)], doses: [(1, 56)])
        let dates = fortnightly.plannedSessions(today: inWeek10, days: Self.everyDay).dropFirst(12).map(\.plannedDate)
        #expect(zip(dates, dates.dropFirst()).allSatisfy { $0.days(to: $1) == 14 })
        var stopped = course
        stopped.status = .stopped
        stopped.statusChangedOn = Self.monday.adding(days: 10)
        #expect(stopped.plannedSessions(today: inWeek10, days: Self.everyDay).count == 4, "a stopped course keeps the sessions before it ended")
    }

    @Test func ivInductionIsSixInfusionsWithinThreeWeeks() {
        for perWeek in [2, 3] {
            let course = Self.course(ProtocolLibrary.ivKetamine, cadences: [.perWeek(perWeek)], doses: [(1, 0.5)])
            let plan = course.plannedSessions(today: Self.monday, days: Self.everyDay)
            #expect(plan.count == 6)
            #expect(Self.monday.days(to: plan.last!.plannedDate) < 21)
            #expect(plan.allSatisfy { $0.phase == .induction && $0.infusionMinutes == 40 && $0.dose == Dose(mg: 35, mgPerKg: 0.5) })
            #expect(Set(plan.map(\.plannedDate)).count == 6)
        }
        let threeAWeek = Self.course(ProtocolLibrary.ivKetamine, cadences: [.perWeek(3)]).plannedSessions(today: Self.monday, days: Self.everyDay)
        #expect(threeAWeek.map { Self.monday.days(to: $0.plannedDate) } == [0, 2, 4, 7, 9, 11], "Monday, Wednesday, Friday: 12 days as Murrough 2013")
    }

    @Test func boostersJoinThePlanInDateOrderAndNewerOrdersWin() {
        var course = Self.course(ProtocolLibrary.ivKetamine, doses: [(1, 0.5)])
        course.boosters = [Course.Booster(date: Self.monday.adding(days: 40), reason: "relapse")]
        course.orders.append(DoseOrder(id: UUID(), courseID: course.id, fromSession: 4, amount: 0.75, dose: Dose(mg: 52.5, mgPerKg: 0.75),
                                       weight: nil, reason: "partial response", overrideReason: nil, orderedBy: nil, orderedByName: "Dr Ada",
                                       orderedAt: Date(timeIntervalSince1970: 2_000)))
        let plan = course.plannedSessions(today: Self.monday, days: Self.everyDay)
        #expect(plan.count == 7)
        #expect(plan.last?.phase == .booster)
        #expect(plan.map(\.dose.mg) == [35, 35, 35, 52.5, 52.5, 52.5, 52.5])
    }

    @Test func statusesMoveOnlyAlongTheMachine() throws {
        #expect(try CourseStatus.planned.moving(to: .active, reason: nil) == nil)
        #expect(throws: ConflictError.self) { try CourseStatus.planned.moving(to: .paused, reason: "holiday") }
        #expect(throws: ConflictError.self) { try CourseStatus.stopped.moving(to: .active, reason: nil) }
        #expect(throws: ValidationError.self) { try CourseStatus.active.moving(to: .stopped, reason: " ") }
        #expect(try CourseStatus.active.moving(to: .stopped, reason: " no benefit ") == "no benefit")
    }
}

/// Who a course is for (clinical-safety issue, finding 9).
@Suite("Course indication")
struct CourseIndicationTests {
    static let today = CalendarDate("2026-11-23")!

    static func patient(born: String = "1984-03-09", diagnosis: String? = "F33.2") -> Patient {
        var patient = PatientRecordTests.patient(born: born)
        patient.diagnoses = diagnosis.map { [Diagnosis(code: $0, text: "Major depressive disorder")] } ?? []
        return patient
    }

    func fields(_ treatmentProtocol: TreatmentProtocol, _ patient: Patient, resistant: Bool = true, note: String? = nil, override: String? = nil) -> [String] {
        CourseIndication.unmet(treatmentProtocol, patient: patient, treatmentResistant: resistant, indicationNote: note, indicationOverride: override,
                               today: Self.today).map(\.field)
    }

    @Test func esketamineIsForAdultsWithMajorDepressionAndItsIndication() {
        #expect(fields(ProtocolLibrary.esketamineTRD, Self.patient()).isEmpty)
        #expect(fields(ProtocolLibrary.esketamineTRD, Self.patient(born: "2010-05-01")) == ["birthDate"], "a 16-year-old")
        #expect(fields(ProtocolLibrary.esketamineTRD, Self.patient(born: "2008-11-23")).isEmpty, "18 today")
        #expect(fields(ProtocolLibrary.esketamineTRD, Self.patient(diagnosis: "F41.1")) == ["diagnoses"])
        #expect(fields(ProtocolLibrary.esketamineTRD, Self.patient(), resistant: false) == ["treatmentResistance"])
        #expect(fields(ProtocolLibrary.esketamineTRD, Self.patient(born: "2010-05-01"), override: "family wishes") == ["birthDate"], "no override for the label")
        #expect(fields(ProtocolLibrary.esketamineMDSI, Self.patient(), resistant: false) == ["indicationNote"])
        #expect(fields(ProtocolLibrary.esketamineMDSI, Self.patient(), resistant: false, note: "Active ideation with plan, C-SSRS high on 2026-11-20").isEmpty)
        var copy = ProtocolLibrary.esketamineMDSI
        copy.id = "esk-mdsi-56"
        copy.basedOn = "esketamine-mdsi v1"
        #expect(fields(copy, Self.patient(), resistant: true) == ["indicationNote"], "a clinic copy keeps its indication")
    }

    @Test func racemicKetamineOutsideAdultMajorDepressionNeedsAPrescribersReason() {
        #expect(fields(ProtocolLibrary.ivKetamine, Self.patient(), resistant: false).isEmpty, "racemic protocols do not require TRD")
        #expect(fields(ProtocolLibrary.ivKetamine, Self.patient(born: "2010-05-01")) == ["indicationOverride"])
        #expect(fields(ProtocolLibrary.ivKetamine, Self.patient(diagnosis: nil)) == ["indicationOverride"])
        #expect(fields(ProtocolLibrary.ivKetamine, Self.patient(diagnosis: "F31.4"), override: "Bipolar depression; psychiatrist's recommendation").isEmpty)
    }
}
