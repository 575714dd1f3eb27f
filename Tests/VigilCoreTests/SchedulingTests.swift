import Foundation
import Testing
import VigilCore

@Suite("Scheduling")
struct SchedulingTests {
    static let monday = CalendarDate("2026-11-23")!
    static let chairs = ["Chair 1", "Chair 2"]
    static let hours = OpeningHours.standard
    static let days = ClinicDays(hours: hours)
    static let patient = UUID(), other = UUID(), courseID = UUID()

    static func esketamine(_ number: Int) -> Appointment.CourseSession {
        Appointment.CourseSession(courseID: courseID, number: number, protocolID: "esketamine-trd", route: .esketamineNasal,
                                  minimumDaysApart: 2, minimumChairMinutes: 120)
    }

    static func booking(_ patient: UUID = patient, name: String = "Ann Lee", kind: Appointment.Kind = .dosing, session: Int? = 1,
                        on date: CalendarDate = monday, at start: String = "09:00", minutes: Int = 135, chair: String = "Chair 1") -> Appointment {
        Appointment(id: UUID(), patientID: patient, patientName: name, kind: kind, session: session.map(esketamine), date: date,
                    startMinute: OpeningHours.minutes(start)!, durationMinutes: minutes, chair: chair)
    }

    /// A site with the test chairs open on `days`.
    static func site(_ days: ClinicDays) -> Site {
        Site(id: Site.firstID, name: "Northside", timeZoneID: "America/Chicago", chairs: chairs, openingHours: days.hours, closedDates: days.closed)
    }

    func reasons(_ candidate: Appointment, _ booked: [Appointment] = [], doses: [GivenDose] = [], days: ClinicDays = days,
                 today: CalendarDate = monday) -> [String] {
        ScheduleRules.conflicts(candidate, booked: booked, doses: doses, site: Self.site(days), today: today).map(\.message)
    }

    @Test func openingHoursReadAndWriteAsText() {
        let hours = OpeningHours("mon 08:00-18:00; sat 09:00-13:00")!
        #expect(hours.hours(on: Self.monday).map { [$0.opens, $0.closes] } == [480, 1080])
        #expect(hours.hours(on: Self.monday.adding(days: 1)) == nil)
        #expect(hours.description == "mon 08:00-18:00; sat 09:00-13:00")
        #expect(OpeningHours("mon 18:00-08:00") == nil)
        #expect(OpeningHours("mon 08:00-18:00; mon 09:00-10:00") == nil)
        #expect(OpeningHours("funday 08:00-18:00") == nil)
        #expect(Self.monday.weekday == 1 && Self.monday.adding(days: 6).weekday == 7)
    }

    @Test func aFreeSlotInOpeningHoursFits() {
        #expect(reasons(Self.booking()).isEmpty)
        #expect(reasons(Self.booking(at: "15:45")).isEmpty, "ends 18:00 exactly")
    }

    @Test func eachConflictIsRefusedWithItsReason() {
        let booked = Self.booking(Self.other, name: "Bo Diaz", session: nil)
        #expect(reasons(Self.booking(at: "10:00"), [booked]) == ["Chair 1 is booked 09:00–11:15 on 2026-11-23 (Bo Diaz, dosing session)"])
        #expect(reasons(Self.booking(at: "10:00", chair: "Chair 2"), [booked]).isEmpty)
        #expect(reasons(Self.booking(at: "11:15"), [booked]).isEmpty, "back to back is fine")
        let sameDay = Self.booking(session: 2, at: "14:00", chair: "Chair 2")
        #expect(reasons(sameDay, [Self.booking()]).first?.contains("one dose a day") == true)
        let nextDay = Self.booking(session: 2, on: Self.monday.adding(days: 1))
        #expect(reasons(nextDay, [Self.booking()]) == ["Esketamine nasal spray doses must be at least 2 days apart (Vigil's practice for twice-weekly dosing); session 1 is on 2026-11-23"])
        #expect(reasons(Self.booking(session: 2, on: Self.monday.adding(days: 2)), [Self.booking()]).isEmpty)
        #expect(reasons(Self.booking(at: "16:00")).first?.contains("outside opening hours") == true)
        #expect(reasons(Self.booking(at: "07:30")).first?.contains("outside opening hours") == true)
        #expect(reasons(Self.booking(on: Self.monday.adding(days: 5))) == ["the clinic is closed on Saturday 2026-11-28"])
        #expect(reasons(Self.booking(chair: "Chair 9")).first?.contains("not one of the chairs at Northside") == true)
        var cancelled = booked
        cancelled.status = .cancelled
        #expect(reasons(Self.booking(), [cancelled]).isEmpty, "a cancelled appointment frees the chair")
        #expect(reasons(Self.booking(kind: .review, session: nil, at: "14:00", minutes: 30), [Self.booking()]).isEmpty,
                "a review the same day is not a second dose")
    }

    @Test func slotsAreProposedForEveryPlannedSessionWithoutClashes() {
        let course = CoursePlanTests.course(ProtocolLibrary.esketamineTRD, doses: [(1, 56), (2, 84)])
        let sessions = course.plannedSessions(today: Self.monday, days: Self.days)
        // Chair 1 is taken every morning from 08:00 to 12:00 by someone else.
        let busy = (0..<60).map { Self.booking(Self.other, name: "Bo Diaz", kind: .review, session: nil, on: Self.monday.adding(days: $0), at: "08:00", minutes: 240) }
        let proposals = SlotFinder.propose(sessions, template: Self.booking(), booked: busy, doses: [], site: Self.site(Self.days), today: Self.monday)
        #expect(proposals.count == 12)
        let slots = proposals.compactMap(\.slot)
        #expect(slots.count == 12)
        #expect(slots.allSatisfy { $0.chair == "Chair 2" && $0.startMinute == 480 }, "the first free chair at opening")
        #expect(zip(slots, sessions).allSatisfy { $0.date == $1.plannedDate && $0.session?.number == $1.number })
        for slot in slots {
            #expect(ScheduleRules.conflicts(slot, booked: busy + slots, doses: [], site: Self.site(Self.days), today: Self.monday).isEmpty)
        }
        let saturday = Self.monday.adding(days: 5)
        let moved = SlotFinder.propose([PlannedSession(number: 1, plannedDate: saturday, phase: .booster, dose: Dose(mg: 56), infusionMinutes: nil)],
                                       template: Self.booking(), booked: [], doses: [], site: Self.site(Self.days), today: Self.monday)
        #expect(moved.first?.slot?.date == Self.monday.adding(days: 7), "the weekend moves to Monday")
        #expect(moved.first?.note?.contains("first free slot") == true)
    }

    /// Clinic-day issue, finding 2: a patient who missed Monday could not be booked on Tuesday.
    @Test func onlyDosesGivenOrStillToComeCountTowardsSpacing() {
        let tuesday = Self.monday.adding(days: 1)
        let missedMonday = Self.booking()
        // Tuesday: Monday's booking is in the past and no dose was given.
        #expect(reasons(Self.booking(session: 2, on: tuesday), [missedMonday], today: tuesday).isEmpty)
        // A dose given on Monday still counts, booking or not.
        let given = GivenDose(patientID: Self.patient, date: Self.monday, session: Self.esketamine(1))
        #expect(reasons(Self.booking(session: 2, on: tuesday), [], doses: [given], today: tuesday)
                == ["Esketamine nasal spray doses must be at least 2 days apart (Vigil's practice for twice-weekly dosing); session 1 is on 2026-11-23"])
        // A booking from today on may still be given.
        #expect(reasons(Self.booking(session: 2, on: tuesday), [missedMonday], today: Self.monday).count == 1)
        // A no-show or late cancellation frees the chair.
        for status in [Appointment.Status.noShow, .lateCancellation] {
            var missed = missedMonday
            missed.status = status
            #expect(reasons(Self.booking(session: 2, at: "09:00", chair: "Chair 1"), [missed]).isEmpty, "\(status)")
        }
        var arrived = missedMonday
        arrived.status = .arrived
        #expect(reasons(Self.booking(Self.other, session: nil), [arrived]).first?.contains("Chair 1 is booked") == true, "an arrival holds its chair")
    }

    /// Clinic-day issue, finding 4: IV infusions were proposed the day after every esketamine dose.
    @Test func dosesOfTwoCoursesKeepTheLongerSpacing() {
        let iv = Appointment.CourseSession(courseID: UUID(), number: 1, protocolID: "iv-ketamine", route: .ivKetamine, minimumDaysApart: 1,
                                           minimumChairMinutes: 70)
        var infusion = Self.booking(on: Self.monday.adding(days: 1))
        infusion.session = iv
        let esketamine = GivenDose(patientID: Self.patient, date: Self.monday, session: Self.esketamine(1))
        #expect(reasons(infusion, [], doses: [esketamine])
                == ["doses of two courses must be at least 2 days apart (the longer spacing of the two protocols); Esketamine nasal spray session 1 is on 2026-11-23"])
        infusion.date = Self.monday.adding(days: 2)
        #expect(reasons(infusion, [], doses: [esketamine]).isEmpty)
        // Two IV doses of one course may fall on consecutive days (the protocol allows 1).
        var next = infusion
        next.session = iv.numbered(2)
        next.date = Self.monday.adding(days: 3)
        #expect(reasons(next, [infusion]).isEmpty)
    }

    /// Clinic-day issue, finding 5: plans put sessions on Sundays and bookings on 25 December.
    @Test func closedDatesAreNeitherPlannedNorBooked() throws {
        let christmas = CalendarDate("2026-12-25")!
        let days = ClinicDays(hours: Self.hours, closed: [ClosedDate(date: christmas, name: "Christmas Day")])
        #expect(reasons(Self.booking(on: christmas), days: days) == ["the clinic is closed on Friday 2026-12-25 (Christmas Day)"])
        #expect(days.firstOpen(onOrAfter: christmas) == CalendarDate("2026-12-28"), "Friday closed, then the weekend")
        let proposals = SlotFinder.propose([PlannedSession(number: 1, plannedDate: christmas, phase: .booster, dose: Dose(mg: 56), infusionMinutes: nil)],
                                           template: Self.booking(), booked: [], doses: [], site: Self.site(days), today: Self.monday)
        #expect(proposals.first?.slot?.date == CalendarDate("2026-12-28"))
        // An esketamine course started on a Thursday: its twice-weekly Sundays move to Mondays, at least 2 days apart.
        let thursday = Self.monday.adding(days: 3)
        let course = CoursePlanTests.course(ProtocolLibrary.esketamineTRD, doses: [(1, 56)], start: thursday)
        let plan = course.plannedSessions(today: Self.monday, days: Self.days)
        #expect(plan.allSatisfy { Self.days.hours(on: $0.plannedDate) != nil }, "every session on an open day")
        #expect(zip(plan, plan.dropFirst()).allSatisfy { $0.plannedDate.days(to: $1.plannedDate) >= 2 })
        #expect(plan.prefix(4).map(\.plannedDate.description) == ["2026-11-26", "2026-11-30", "2026-12-03", "2026-12-07"])
        // A site's closed dates are one per line, bounded and never twice.
        let settings = Self.site(Self.days)
        #expect(try settings.changed(.init(closedDates: ["2026-12-25 Christmas Day", "", "2027-01-01 New Year's Day"])).closedDates.map(\.line)
                == ["2026-12-25 Christmas Day", "2027-01-01 New Year's Day"])
        #expect(throws: ValidationError.self) { try settings.changed(.init(closedDates: ["Christmas"])) }
        #expect(throws: ValidationError.self) { try settings.changed(.init(closedDates: ["2026-12-25 A", "2026-12-25 B"])) }
        #expect(throws: ValidationError.self) { try settings.changed(.init(closedDates: Array(repeating: "2026-12-25 X", count: 400))) }
    }

    @Test func attendanceIsRecordedOnlyWhenItCanHaveHappened() {
        let visit = Self.booking(kind: .review, session: nil)
        #expect(visit.attendanceRefusal(.arrived, today: Self.monday) == nil)
        #expect(visit.attendanceRefusal(.arrived, today: Self.monday.adding(days: -1)) == "a visit on 2026-11-23 cannot be attended yet")
        #expect(Self.booking().attendanceRefusal(.arrived, today: Self.monday) == "a dosing session's arrival is its check-in")
        #expect(Self.booking().attendanceRefusal(.noShow, today: Self.monday.adding(days: 3)) == nil, "a past booking nobody attended")
        #expect(Self.booking().attendanceRefusal(.noShow, today: Self.monday.adding(days: -1)) != nil)
        #expect(Self.booking().attendanceRefusal(.lateCancellation, today: Self.monday.adding(days: -1)) == nil, "the day before is late")
        #expect(Self.booking().attendanceRefusal(.lateCancellation, today: Self.monday.adding(days: -2)) != nil)
        var missed = Self.booking()
        missed.status = .noShow
        #expect(missed.attendanceRefusal(.arrived, today: Self.monday) == "the booking is already no-show")
    }
}
