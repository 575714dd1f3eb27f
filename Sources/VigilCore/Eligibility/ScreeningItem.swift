/// A question of the eligibility screening, and how a "yes" weighs on each route.
public enum ScreeningItem: String, Sendable, Codable, CaseIterable {
    case aneurysmalVascularDisease = "aneurysmal-vascular-disease"
    case intracerebralHaemorrhage = "intracerebral-haemorrhage"
    case hypersensitivity
    case uncontrolledHypertension = "uncontrolled-hypertension"
    case unstableCardiovascularDisease = "unstable-cardiovascular-disease"
    case psychosis
    case activeSubstanceUseDisorder = "active-substance-use-disorder"
    case pregnancyOrBreastfeeding = "pregnancy-or-breastfeeding"
    case raisedIntracranialOrIntraocularPressure = "raised-intracranial-or-intraocular-pressure"
    case untreatedHyperthyroidism = "untreated-hyperthyroidism"
    case severeHepaticImpairment = "severe-hepatic-impairment"
    case benzodiazepines
    case otherSedatives = "other-sedatives"
    case stimulants
    case maoi

    public var question: String {
        switch self {
        case .aneurysmalVascularDisease: "Aneurysmal vascular disease (aorta, intracranial, peripheral) or arteriovenous malformation"
        case .intracerebralHaemorrhage: "History of intracerebral haemorrhage (racemic ketamine: or stroke)"
        case .hypersensitivity: "Hypersensitivity to ketamine or esketamine"
        case .uncontrolledHypertension: "Uncontrolled hypertension"
        case .unstableCardiovascularDisease: "Unstable cardiovascular disease"
        case .psychosis: "History of psychosis"
        case .activeSubstanceUseDisorder: "Active substance use disorder"
        case .pregnancyOrBreastfeeding: "Pregnant or breastfeeding"
        case .raisedIntracranialOrIntraocularPressure: "Raised intracranial or intraocular pressure"
        case .untreatedHyperthyroidism: "Untreated hyperthyroidism"
        case .severeHepaticImpairment: "Severe hepatic impairment"
        case .benzodiazepines: "Currently taking benzodiazepines"
        case .otherSedatives: "Currently taking other sedatives"
        case .stimulants: "Currently taking psychostimulants"
        case .maoi: "Currently taking an MAOI"
        }
    }

    /// What a "yes" means on the route, with its source (clinical reference §1 and §2).
    public func weight(on route: TreatmentRoute) -> (absolute: Bool, source: String) {
        switch self {
        case .hypersensitivity:
            (true, route.isEsketamine ? "esketamine label" : "ketamine label (Ketalar)")
        case .aneurysmalVascularDisease:
            route.isEsketamine ? (true, "esketamine label")
                : (true, "ketamine label: contraindicated where a significant rise in blood pressure is a serious hazard")
        case .intracerebralHaemorrhage:
            // The esketamine label contraindicates intracerebral haemorrhage only; an ischaemic stroke
            // falls under its warning for cerebrovascular conditions (clinical review F-E3).
            route.isEsketamine ? (true, "esketamine label: history of intracerebral haemorrhage") : (true, "ketamine label (Swiss): prior stroke")
        case .uncontrolledHypertension:
            route.isEsketamine ? (false, "esketamine label: weigh the transient blood-pressure rise against benefit")
                : (true, "ketamine label (Swiss): poorly controlled hypertension")
        case .untreatedHyperthyroidism:
            route.isEsketamine ? (false, "ketamine label (Swiss) contraindicates it for the racemate; a precaution for esketamine")
                : (true, "ketamine label (Swiss)")
        case .unstableCardiovascularDisease, .psychosis, .activeSubstanceUseDisorder, .pregnancyOrBreastfeeding:
            (false, "relative contraindication in psychiatric practice (clinical reference §1)")
        case .raisedIntracranialOrIntraocularPressure:
            (false, "relative contraindication in psychiatric practice, disputed (clinical reference §1)")
        case .severeHepaticImpairment:
            (false, "esketamine label §8.6: not recommended in severe (Child-Pugh C) hepatic impairment; moderate impairment may need longer monitoring")
        case .benzodiazepines, .otherSedatives:
            (false, "CNS depressants add to sedation (esketamine boxed warning); also reported on the REMS form")
        case .stimulants, .maoi:
            (false, "may raise blood pressure further (esketamine label); also reported on the REMS form")
        }
    }
}
