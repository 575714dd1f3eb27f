import Foundation
import Testing
import VigilCore

@Suite("Treatment resistance")
struct TreatmentResistanceTests {
    static let today = CalendarDate("2026-11-21")!
    static let criteria = TreatmentResistanceCriteria()

    /// A trial that is adequate and failed unless told otherwise: 8 weeks, at the drug's minimum.
    static func trial(_ drug: String = "sertraline", dose: Double = 50, start: String = "2026-01-01", end: String? = "2026-02-26",
                      current: Bool = true, adherence: MedicationTrial.Adherence = .adequate,
                      outcome: MedicationTrial.Outcome = .noResponse, override: MedicationTrial.DoseOverride? = nil) -> MedicationTrial {
        MedicationTrial(id: UUID(), drug: drug, dailyDoseMg: dose, startDate: CalendarDate(start)!, endDate: end.flatMap(CalendarDate.init),
                        currentEpisode: current, adherence: adherence, outcome: outcome, doseOverride: override)
    }

    static func evaluate(_ trials: MedicationTrial...) -> TreatmentResistance {
        TreatmentResistance.evaluate(trials, table: .standard, criteria: criteria, today: today)
    }

    @Test func twoAdequateFailedTrialsOfDifferentDrugsMakeItTreatmentResistant() {
        let verdict = Self.evaluate(Self.trial(), Self.trial("escitalopram", dose: 10, start: "2026-03-01", end: "2026-04-20",
                                                              outcome: .partialResponse))
        #expect(verdict.treatmentResistant && verdict.adequateFailedTrials == 2)
        #expect(verdict.trials.allSatisfy { $0.adequate == true && $0.failed && $0.counts })
        #expect(verdict.summary.hasPrefix("Treatment-resistant: 2 adequate failed trials"))
        #expect(verdict.trials[0].reasons.first == "Sertraline 50 mg/day reaches the 50 mg/day minimum.")
    }

    @Test func exactlyTheMinimumDoseAndDurationAreAdequate() {
        let assessment = Self.evaluate(Self.trial(dose: 50, start: "2026-01-01", end: "2026-02-12")).trials[0]
        #expect(assessment.adequate == true, "50 mg for exactly 42 days")
        #expect(assessment.reasons.contains("It lasted 6 weeks, at least the 6-week minimum."))
        let oneDayShort = Self.evaluate(Self.trial(start: "2026-01-01", end: "2026-02-11")).trials[0]
        #expect(oneDayShort.adequate == false)
        #expect(oneDayShort.reasons.contains("It lasted 5.9 weeks, less than the 6-week minimum."))
    }

    @Test func aDoseBelowTheMinimumIsNotAdequate() {
        let assessment = Self.evaluate(Self.trial(dose: 25)).trials[0]
        #expect(assessment.adequate == false && !assessment.counts)
        #expect(assessment.reasons.first == "Sertraline 25 mg/day is below the 50 mg/day minimum.")
    }

    @Test func poorAdherenceIsNotAdequate() {
        let assessment = Self.evaluate(Self.trial(adherence: .poor)).trials[0]
        #expect(assessment.adequate == false && assessment.reasons.contains("Adherence was poor, so the trial was not adequate."))
    }

    @Test(arguments: [MedicationTrial.Outcome.response, .remission, .intolerance, .ongoing])
    func onlyNoResponseAndPartialResponseAreFailures(outcome: MedicationTrial.Outcome) {
        let verdict = Self.evaluate(Self.trial(outcome: outcome), Self.trial("bupropion", dose: 300, outcome: outcome))
        #expect(!verdict.treatmentResistant && verdict.adequateFailedTrials == 0)
        #expect(verdict.trials.allSatisfy { !$0.failed })
    }

    @Test func intoleranceIsExplained() {
        #expect(Self.evaluate(Self.trial(outcome: .intolerance)).trials[0].reasons.last
                == "It was stopped for intolerance, which is not a failure of an adequate trial.")
    }

    @Test func theSameDrugTwiceCountsOnce() {
        let verdict = Self.evaluate(Self.trial(), Self.trial(dose: 200, start: "2026-03-01", end: "2026-05-01"))
        #expect(!verdict.treatmentResistant && verdict.adequateFailedTrials == 1)
        #expect(verdict.trials[1].reasons.last == "Sertraline was already counted; treatment resistance needs different drugs (another release form is the same drug).")
    }

    /// A 10-week trial that reached its adequate dose only in the last two weeks passed (clinical-safety
    /// issue, finding 12): the duration counts from the adequate dose when it is known.
    @Test func theDurationCountsFromTheAdequateDose() {
        var late = Self.trial("fluoxetine", dose: 20, start: "2026-01-01", end: "2026-03-12")
        #expect(Self.evaluate(late).trials[0].adequate == true, "10 weeks from the start")
        late.adequateDoseOn = CalendarDate("2026-02-26")
        let judged = Self.evaluate(late).trials[0]
        #expect(judged.adequate == false)
        #expect(judged.reasons.contains("It lasted 2 weeks at the adequate dose (reached on 2026-02-26), less than the 6-week minimum."))
        let form = MedicationTrialForm(drug: "fluoxetine", dailyDoseMg: 20, startDate: "2026-01-01", endDate: "2026-03-12", currentEpisode: true,
                                       adherence: "adequate", outcome: "no-response", adequateDoseOn: "2025-12-01")
        #expect(throws: ValidationError.self) { _ = try form.checked(table: .standard, today: CalendarDate("2026-11-23")!, overrideBy: nil) }
    }

    /// Paroxetine and paroxetine CR counted as two drugs (clinical-safety issue, finding 12).
    @Test func anotherReleaseFormIsTheSameDrug() {
        let verdict = Self.evaluate(Self.trial("paroxetine", dose: 40), Self.trial("paroxetine cr", dose: 50, start: "2026-03-01", end: "2026-05-01"))
        #expect(!verdict.treatmentResistant && verdict.adequateFailedTrials == 1)
        #expect(verdict.trials[1].reasons.last?.hasPrefix("Paroxetine was already counted") == true)
        #expect(Antidepressant.molecule("Venlafaxine XR") == "venlafaxine" && Antidepressant.molecule("desvenlafaxine") == "desvenlafaxine")
    }

    @Test func aPreviousEpisodeDoesNotCount() {
        let verdict = Self.evaluate(Self.trial(start: "2020-01-01", end: "2020-03-01", current: false), Self.trial("duloxetine", dose: 60))
        #expect(!verdict.treatmentResistant && verdict.adequateFailedTrials == 1)
        #expect(verdict.trials[0].reasons.last == "It was in a previous episode; only trials in the current episode count.")
    }

    @Test func anUnknownDrugNeedsAPrescribersOverride() {
        let without = Self.evaluate(Self.trial("esmethadone", dose: 25)).trials[0]
        #expect(without.adequate == nil && !without.counts)
        #expect(without.reasons[0].contains("cannot be judged without a prescriber's documented override"))
        let override = MedicationTrial.DoseOverride(prescriberName: "Dr Priya Prescriber", reason: "Study dose per protocol.")
        let with = Self.evaluate(Self.trial("esmethadone", dose: 25, override: override), Self.trial())
        #expect(with.trials.first { $0.drug == "esmethadone" }?.adequate == true)
        #expect(with.treatmentResistant)
    }

    @Test func anOverrideDoesNotExcuseAShortTrial() {
        let override = MedicationTrial.DoseOverride(prescriberName: "Dr P", reason: "Adequate in our judgement.")
        #expect(Self.evaluate(Self.trial("esmethadone", start: "2026-01-01", end: "2026-01-20", override: override)).trials[0].adequate == false)
    }

    @Test func anOngoingTrialIsMeasuredToToday() {
        let assessment = Self.evaluate(Self.trial(start: "2026-10-01", end: nil, outcome: .ongoing)).trials[0]
        #expect(assessment.reasons.contains("It has run 7.3 weeks, at least the 6-week minimum."))
    }

    @Test func theMinimumWeeksIsAClinicSetting() {
        let strict = TreatmentResistance.evaluate([Self.trial()], table: .standard,
                                                  criteria: TreatmentResistanceCriteria(minimumWeeks: 10), today: Self.today)
        #expect(strict.trials[0].adequate == false)
    }

    @Test func theTableCarriesTheReferenceMinimums() {
        let table = AntidepressantTable.standard
        #expect(table.drug(named: " Sertraline ")?.minimumDailyDoseMg == 50)
        #expect(table.drug(named: "venlafaxine")?.minimumDailyDoseMg == 150)
        #expect(table.drug(named: "nortriptyline")?.minimumDailyDoseMg == 75)
        #expect(table.drug(named: "tianeptine")?.minimumDailyDoseMg == 37.5)
        #expect(Set(table.drugs.map(\.genericName)).count == table.drugs.count, "no drug listed twice")
    }

    @Test func maudsleyStagingNeedsTheDataAndAddsUp() {
        #expect(MaudsleyStaging.score(episodeMonths: nil, severity: .moderate, failedAntidepressants: 2, augmentation: false, electroconvulsiveTherapy: false) == nil)
        #expect(MaudsleyStaging.score(episodeMonths: 10, severity: .moderate, failedAntidepressants: 0, augmentation: false, electroconvulsiveTherapy: false) == nil)
        let mild = MaudsleyStaging.score(episodeMonths: 12, severity: .subsyndromal, failedAntidepressants: 1, augmentation: false, electroconvulsiveTherapy: false)
        #expect(mild?.score == 3 && mild?.band == "mild")
        let moderate = MaudsleyStaging.score(episodeMonths: 13, severity: .moderate, failedAntidepressants: 3, augmentation: true, electroconvulsiveTherapy: false)
        #expect(moderate?.score == 2 + 3 + 2 + 1 && moderate?.band == "moderate")
        let severe = MaudsleyStaging.score(episodeMonths: 30, severity: .severeWithPsychosis, failedAntidepressants: 11, augmentation: true, electroconvulsiveTherapy: true)
        #expect(severe?.score == 15 && severe?.band == "severe")
    }

    @Test func dayCountsFollowTheCalendar() {
        #expect(CalendarDate("2024-02-28")!.days(to: CalendarDate("2024-03-01")!) == 2)
        #expect(CalendarDate("2023-02-28")!.days(to: CalendarDate("2023-03-01")!) == 1)
        #expect(CalendarDate("2026-11-21")!.days(to: CalendarDate("2025-11-21")!) == -365)
        #expect(CalendarDate("1970-01-01")!.days(to: CalendarDate("2000-01-01")!) == 10_957)
    }
}
