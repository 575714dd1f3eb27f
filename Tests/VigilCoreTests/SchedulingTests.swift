import Foundation
import Testing
import VigilCore

@Suite("Scheduling")
struct SchedulingTests {
    static let monday = CalendarDate("2026-11-23")!
    static let chairs = ["Chair 1", "Chair 2"]
    static let hours = OpeningHours.standard
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

    func reasons(_ candidate: Appointment, _ booked: [Appointment] = []) -> [String] {
        ScheduleRules.conflicts(candidate, booked: booked, hours: Self.hours, chairs: Self.chairs).map(\.message)
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
        #expect(reasons(Self.booking(chair: "Chair 9")).first?.contains("not one of the clinic's chairs") == true)
        var cancelled = booked
        cancelled.status = .cancelled
        #expect(reasons(Self.booking(), [cancelled]).isEmpty, "a cancelled appointment frees the chair")
        #expect(reasons(Self.booking(kind: .review, session: nil, at: "14:00", minutes: 30), [Self.booking()]).isEmpty,
                "a review the same day is not a second dose")
    }

    @Test func slotsAreProposedForEveryPlannedSessionWithoutClashes() {
        let course = CoursePlanTests.course(ProtocolLibrary.esketamineTRD, doses: [(1, 56), (2, 84)])
        let sessions = course.plannedSessions(today: Self.monday)
        // Chair 1 is taken every morning from 08:00 to 12:00 by someone else.
        let busy = (0..<60).map { Self.booking(Self.other, name: "Bo Diaz", kind: .review, session: nil, on: Self.monday.adding(days: $0), at: "08:00", minutes: 240) }
        let proposals = SlotFinder.propose(sessions, template: Self.booking(), booked: busy, hours: Self.hours, chairs: Self.chairs, today: Self.monday)
        #expect(proposals.count == 12)
        let slots = proposals.compactMap(\.slot)
        #expect(slots.count == 12)
        #expect(slots.allSatisfy { $0.chair == "Chair 2" && $0.startMinute == 480 }, "the first free chair at opening")
        #expect(zip(slots, sessions).allSatisfy { $0.date == $1.plannedDate && $0.session?.number == $1.number })
        for slot in slots {
            #expect(ScheduleRules.conflicts(slot, booked: busy + slots, hours: Self.hours, chairs: Self.chairs).isEmpty)
        }
        let saturday = Self.monday.adding(days: 5)
        let moved = SlotFinder.propose([PlannedSession(number: 1, plannedDate: saturday, phase: .booster, dose: Dose(mg: 56), infusionMinutes: nil)],
                                       template: Self.booking(), booked: [], hours: Self.hours, chairs: Self.chairs, today: Self.monday)
        #expect(moved.first?.slot?.date == Self.monday.adding(days: 7), "the weekend moves to Monday")
        #expect(moved.first?.note?.contains("first free slot") == true)
    }
}
