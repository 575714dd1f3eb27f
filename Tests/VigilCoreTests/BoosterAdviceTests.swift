import Foundation
import Testing
import VigilCore

@Suite("Booster advice")
struct BoosterAdviceTests {
    static let course = CoursePlanTests.course(ProtocolLibrary.ivKetamine, doses: [(1, 0.5)])
    static let plan = course.plannedSessions(today: CoursePlanTests.monday, days: CoursePlanTests.everyDay)

    static func point(_ total: Int, day: Int) -> Outcome.Point {
        Outcome.Point(total: total, takenAt: Instant.parse("2026-11-23T08:00:00Z")!.addingTimeInterval(Double(day) * 86_400))
    }

    func advise(held: Int, _ points: [Outcome.Point], course: Course = course) -> [BoosterAdvice] {
        BoosterAdviceRules.advise(course: course, held: Array(course.plannedSessions(today: CoursePlanTests.monday, days: CoursePlanTests.everyDay).prefix(held)),
                                  scores: [.phq9: points], settings: ClinicSettings(), timeZone: .gmt)
    }

    @Test func futilityAfterTheFourthInductionSessionWithoutResponse() {
        let scores = [Self.point(20, day: -3), Self.point(17, day: 11)]
        let advice = advise(held: 4, scores)
        #expect(advice.map(\.kind) == [.futility])
        #expect(advice.first?.reasons.first == "PHQ-9: 20 at baseline, 17 on 2026-12-04 (-15 %).")
        #expect(advice.first?.latest.total == 17 && advice.first?.baseline.total == 20)
        #expect(advise(held: 3, scores).isEmpty, "not before the 4th session")
        #expect(advise(held: 4, [Self.point(20, day: -3), Self.point(9, day: 11)]).isEmpty, "a response is not futile")
        #expect(advise(held: 4, [Self.point(20, day: -3), Self.point(17, day: 5)]).isEmpty, "a score from before the 4th session says nothing yet")
        #expect(advise(held: 4, scores) == advise(held: 4, scores), "the same score gives the same key")
    }

    /// Futility advice fired after session 4 for esketamine too; the label evaluates at the end of
    /// the 4-week induction (clinical-safety issue, finding 7).
    @Test func esketamineFutilityWaitsForTheEndOfInduction() {
        let course = CoursePlanTests.course(ProtocolLibrary.esketamineTRD, doses: [(1, 56)])
        let plan = course.plannedSessions(today: CoursePlanTests.monday, days: CoursePlanTests.everyDay)
        let late = Outcome.Point(total: 18, takenAt: Instant.parse("\(plan[7].plannedDate)T18:00:00Z")!)
        let scores = [Self.point(20, day: -3), late]
        #expect(advise(held: 4, scores, course: course).isEmpty, "not after session 4")
        #expect(advise(held: 7, scores, course: course).isEmpty)
        let advice = advise(held: 8, scores, course: course)
        #expect(advice.map(\.kind) == [.futility] && advice.first?.title == "No response after 8 induction sessions — re-evaluate")
        #expect(advice.first?.reasons.last == "The esketamine label evaluates the benefit at the end of the 4-week induction to decide whether to continue treatment.")
    }

    @Test func boosterWhenMaintenanceRelapsesOrCrossesTheClinicThreshold() {
        let relapse = [Self.point(20, day: -3), Self.point(4, day: 18), Self.point(16, day: 40)]
        let advice = advise(held: 6, relapse)
        #expect(advice.map(\.kind) == [.booster])
        #expect(advice.first?.reasons.contains { $0.hasPrefix("Relapse") } == true)
        let threshold = [Self.point(20, day: -3), Self.point(4, day: 18), Self.point(10, day: 40)]
        #expect(advise(held: 6, threshold).first?.reasons.contains("PHQ-9 10 is at or above the clinic's booster threshold of 10.") == true)
        #expect(advise(held: 6, [Self.point(20, day: -3), Self.point(4, day: 18), Self.point(6, day: 40)]).isEmpty, "holding on")
        var stopped = Self.course
        stopped.status = .stopped
        #expect(advise(held: 6, relapse, course: stopped).isEmpty, "no advice for a stopped course")
    }
}
