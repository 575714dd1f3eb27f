import Testing
import VigilCore

@Suite("Eligibility screening")
struct EligibilityTests {
    /// Every item answered "no", blood pressure normal, then the given answers.
    static func screening(_ answers: [ScreeningItem: Screening.Answer] = [:], systolic: Int? = 122, diastolic: Int? = 78) -> Screening {
        var responses = Dictionary(uniqueKeysWithValues: ScreeningItem.allCases.map { ($0, Screening.Response(.no)) })
        for (item, answer) in answers { responses[item] = Screening.Response(answer, note: "per referral letter") }
        return Screening(responses: responses, systolic: systolic, diastolic: diastolic)
    }

    @Test(arguments: TreatmentRoute.allCases)
    func aClearScreeningIsEligibleOnEveryRoute(route: TreatmentRoute) {
        let verdict = Eligibility.evaluate(Self.screening(), route: route)
        #expect(verdict.status == .eligible)
        #expect(verdict.reasons == ["\(route.title): eligible — no contraindication or precaution found."])
    }

    @Test(arguments: TreatmentRoute.allCases)
    func labelContraindicationsExcludeOnEveryRoute(route: TreatmentRoute) {
        for item in [ScreeningItem.aneurysmalVascularDisease, .intracerebralHaemorrhage, .hypersensitivity] {
            let verdict = Eligibility.evaluate(Self.screening([item: .yes]), route: route)
            #expect(verdict.status == .notEligible, "\(item) on \(route)")
            #expect(verdict.reasons[1].hasPrefix("Contraindicated: \(item.question.lowercased()) (per referral letter)"))
        }
    }

    @Test func uncontrolledHypertensionExcludesKetamineButIsAPrecautionForEsketamine() {
        let screening = Self.screening([.uncontrolledHypertension: .yes])
        #expect(Eligibility.evaluate(screening, route: .ivKetamine).status == .notEligible)
        let esketamine = Eligibility.evaluate(screening, route: .esketamineNasal)
        #expect(esketamine.status == .eligibleWithPrecautions)
        #expect(esketamine.reasons[1].contains("esketamine label: weigh the transient blood-pressure rise against benefit"))
    }

    @Test func untreatedHyperthyroidismFollowsTheKetamineLabel() {
        let screening = Self.screening([.untreatedHyperthyroidism: .yes])
        #expect(Eligibility.evaluate(screening, route: .oralKetamine).status == .notEligible)
        #expect(Eligibility.evaluate(screening, route: .esketamineNasal).status == .eligibleWithPrecautions)
    }

    @Test(arguments: [ScreeningItem.psychosis, .activeSubstanceUseDisorder, .pregnancyOrBreastfeeding, .unstableCardiovascularDisease,
                      .raisedIntracranialOrIntraocularPressure, .severeHepaticImpairment, .benzodiazepines, .otherSedatives, .stimulants, .maoi])
    func relativeContraindicationsAddPrecautions(item: ScreeningItem) {
        for route in TreatmentRoute.allCases {
            let verdict = Eligibility.evaluate(Self.screening([item: .yes]), route: route)
            #expect(verdict.status == .eligibleWithPrecautions, "\(item) on \(route)")
            #expect(verdict.reasons.contains { $0.hasPrefix("Precaution: \(item.question.lowercased())") })
        }
    }

    @Test func unknownsMakeItIncompleteButAContraindicationStillDecides() {
        let unknown = Eligibility.evaluate(Self.screening([.psychosis: .unknown]), route: .ivKetamine)
        #expect(unknown.status == .incomplete && unknown.reasons.contains("Not yet known: history of psychosis."))
        let noBloodPressure = Eligibility.evaluate(Self.screening(systolic: nil, diastolic: nil), route: .esketamineNasal)
        #expect(noBloodPressure.status == .incomplete)
        let both = Eligibility.evaluate(Self.screening([.psychosis: .unknown, .hypersensitivity: .yes]), route: .ivKetamine)
        #expect(both.status == .notEligible)
        let unanswered = Eligibility.evaluate(Screening(responses: [:], systolic: 120, diastolic: 80), route: .ivKetamine)
        #expect(unanswered.status == .incomplete && unanswered.reasons.count == 1 + ScreeningItem.allCases.count)
    }

    @Test func screeningBloodPressureIsJudgedPerRoute() {
        // Swiss ketamine label: resting above 180/100 is poorly controlled hypertension.
        #expect(Eligibility.evaluate(Self.screening(systolic: 182, diastolic: 95), route: .ivKetamine).status == .notEligible)
        #expect(Eligibility.evaluate(Self.screening(systolic: 180, diastolic: 100), route: .ivKetamine).status == .eligibleWithPrecautions)
        #expect(Eligibility.evaluate(Self.screening(systolic: 182, diastolic: 95), route: .esketamineNasal).status == .eligibleWithPrecautions)
        // Esketamine label: above 140/90, weigh the rise.
        #expect(Eligibility.evaluate(Self.screening(systolic: 140, diastolic: 90), route: .esketamineNasal).status == .eligible)
        #expect(Eligibility.evaluate(Self.screening(systolic: 141, diastolic: 90), route: .esketamineNasal).status == .eligibleWithPrecautions)
    }
}
