import Foundation
import Testing
import VigilCore

@Suite("Outcomes: response, remission, relapse")
struct OutcomeRulesTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// Totals a week apart; the first marked baseline when `marked`.
    static func points(_ totals: [Int], marked: Bool = false) -> [Outcome.Point] {
        totals.enumerated().map { index, total in
            Outcome.Point(total: total, takenAt: start.addingTimeInterval(Double(index) * 7 * 86_400),
                          timing: marked && index == 0 ? .baseline : nil)
        }
    }

    static func outcome(_ id: InstrumentID, _ totals: [Int], remissionAtMost: Int? = nil) -> Outcome? {
        OutcomeRules.evaluate(Instrument.named(id), points: points(totals), remissionAtMost: remissionAtMost)
    }

    @Test func remissionFollowsEachInstrumentsCutOff() {
        #expect(Self.outcome(.phq9, [20, 4])?.status == .remission, "PHQ-9 below 5")
        #expect(Self.outcome(.phq9, [20, 5])?.status == .response, "PHQ-9 5 is not remission")
        #expect(Self.outcome(.gad7, [15, 4])?.status == .remission)
        #expect(Self.outcome(.qidsSR16, [16, 5])?.status == .remission, "QIDS-SR16 5 or less")
        #expect(Self.outcome(.qidsSR16, [16, 6])?.status == .response)
        #expect(Self.outcome(.madrs, [30, 10])?.status == .remission, "MADRS default 10 or less")
        #expect(Self.outcome(.madrs, [30, 10], remissionAtMost: 9)?.status == .response, "clinic setting below 10")
        #expect(Self.outcome(.madrs, [30, 12], remissionAtMost: 12)?.status == .remission)
    }

    @Test func responsePartialAndNone() throws {
        let response = try #require(Self.outcome(.phq9, [20, 10]))
        #expect(response.status == .response && response.change == -10 && response.percentChange == -50)
        #expect(response.firstResponseAt == Self.start.addingTimeInterval(7 * 86_400))
        #expect(response.reasons.last == "Reduction 50 %: response is a reduction of 50 % or more.")
        #expect(Self.outcome(.phq9, [20, 11])?.status == .partial, "45 %")
        #expect(Self.outcome(.phq9, [20, 15])?.status == .partial, "25 %")
        #expect(Self.outcome(.phq9, [20, 16])?.status == Outcome.Status.none, "20 %")
        #expect(Self.outcome(.phq9, [20, 24])?.status == Outcome.Status.none, "worse")
    }

    @Test func relapseNeedsAnEarlierResponseAndAModerateScoreAboveHalfTheBaseline() throws {
        let relapse = try #require(Self.outcome(.phq9, [20, 8, 4, 12]))
        #expect(relapse.status == .relapse)
        #expect(relapse.firstResponseAt != nil && relapse.firstRemissionAt != nil)
        #expect(relapse.reasons.last!.contains("above half the baseline and in the moderate band or worse (10+)"))
        #expect(Self.outcome(.phq9, [20, 8, 11])?.status == .relapse)
        #expect(Self.outcome(.phq9, [20, 14, 12])?.status == .partial, "never responded: not a relapse")
        #expect(Self.outcome(.phq9, [16, 6, 9])?.status == .partial, "above half the baseline but mild: not a relapse")
        #expect(Self.outcome(.madrs, [40, 12, 22])?.status == .relapse, "MADRS moderate from 20")
    }

    @Test func baselineIsTheMarkedOneElseTheFirst() throws {
        var points = Self.points([25, 18, 9])
        points[1] = Outcome.Point(total: 18, takenAt: points[1].takenAt, timing: .baseline)
        let outcome = try #require(OutcomeRules.evaluate(Instrument.named(.phq9), points: points))
        #expect(outcome.baseline.total == 18 && outcome.status == .response)
        #expect(outcome.reasons.first == "Baseline PHQ-9 18 (marked baseline); latest 9.")
        #expect(Self.outcome(.phq9, [25, 18, 9])?.baseline.total == 25)
    }

    @Test func aSingleScoreHasNoResponseYetAndNoScoreHasNoOutcome() throws {
        let single = try #require(Self.outcome(.phq9, [3]))
        #expect(single.status == Outcome.Status.none && single.change == 0)
        #expect(single.reasons.contains("Only the baseline has been recorded; response needs a later score."))
        #expect(Self.outcome(.phq9, []) == nil)
        #expect(Self.outcome(.who5, [40, 80]) == nil, "well-being is not a symptom scale")
        let zero = try #require(Self.outcome(.phq9, [0, 2]))
        #expect(zero.percentChange == nil && zero.status == .remission)
    }

    @Test func rapidResponseComparesAPreDoseScoreWithTheNextPostDoseOrNextDayScore() throws {
        let t = Self.start
        let points = [
            Outcome.Point(total: 30, takenAt: t, timing: .baseline),
            Outcome.Point(total: 28, takenAt: t.addingTimeInterval(86_400), timing: .preDose),
            Outcome.Point(total: 12, takenAt: t.addingTimeInterval(86_400 + 4 * 3600), timing: .postDose),
        ]
        let rapid = try #require(OutcomeRules.evaluate(Instrument.named(.madrs), points: points)?.rapidResponse)
        #expect(rapid.preDose.total == 28 && rapid.after.total == 12 && rapid.met)
        let nextDay = [points[0], points[1], Outcome.Point(total: 20, takenAt: t.addingTimeInterval(2 * 86_400))]
        let partial = try #require(OutcomeRules.evaluate(Instrument.named(.madrs), points: nextDay)?.rapidResponse)
        #expect(partial.after.total == 20 && !partial.met)
        let tooLate = [points[0], points[1], Outcome.Point(total: 10, takenAt: t.addingTimeInterval(5 * 86_400))]
        #expect(OutcomeRules.evaluate(Instrument.named(.madrs), points: tooLate)?.rapidResponse == nil)
    }
}
