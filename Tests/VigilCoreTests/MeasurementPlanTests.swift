import Foundation
import Testing
import VigilCore
import VigilTestSupport

@Suite("Measurement plans")
struct MeasurementPlanTests {
    static let today = CalendarDate("2026-11-21")!
    static let plan = MeasurementPlan(id: UUID(), patientID: UUID(), instrument: .phq9, everyDays: 7, startDate: CalendarDate("2026-11-01")!,
                                      reason: "Weekly check", createdBy: nil, createdByName: "Dr Ada", createdAt: TestTime.now, stoppedAt: nil)

    func progress(last: String?, request: (String, Bool)? = nil) -> MeasurementPlan.Progress {
        Self.plan.progress(lastCompleted: last.flatMap(CalendarDate.init), newestRequest: request.map { (CalendarDate($0.0)!, $0.1) },
                           today: Self.today, graceDays: 3)
    }

    @Test func aMeasureFallsDueEveryIntervalAfterTheLastOne() {
        #expect(progress(last: "2026-11-18") == .init(status: .completed, nextDue: CalendarDate("2026-11-25")!))
        #expect(progress(last: "2026-11-14") == .init(status: .due, nextDue: CalendarDate("2026-11-21")!))
        #expect(progress(last: "2026-11-14", request: ("2026-11-21", true)).status == .sent)
        #expect(progress(last: "2026-11-14", request: ("2026-11-10", false)).status == .due, "an older link belongs to the last period")
    }

    @Test func overdueWhenALinkExpiredUnansweredOrDueLongerThanALinkLives() {
        #expect(progress(last: "2026-11-10", request: ("2026-11-17", false)).status == .overdue)
        #expect(progress(last: "2026-11-07").status == .overdue, "due 14th, more than 3 days ago")
        #expect(progress(last: "2026-11-11").status == .due, "due 18th, 3 days ago")
        #expect(progress(last: nil) == .init(status: .overdue, nextDue: CalendarDate("2026-11-01")!))
    }

    @Test func newPlansAreChecked() {
        #expect(throws: ValidationError.self) {
            _ = try MeasurementPlan.checked(instrument: "madrs", everyDays: 7, startDate: nil, reason: "Weekly", today: Self.today)
        }
        do {
            _ = try MeasurementPlan.checked(instrument: "phq9", everyDays: 0, startDate: "2026-11-20", reason: "", today: Self.today)
            Issue.record("bad plan accepted")
        } catch {
            #expect(error.errors.map(\.field) == ["reason", "everyDays", "startDate"])
        }
        #expect(throws: Never.self) {
            _ = try MeasurementPlan.checked(instrument: "phq9", everyDays: 7, startDate: nil, reason: "Weekly check", today: Self.today)
        }
    }
}
