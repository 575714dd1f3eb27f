import Foundation

/// Medicines started since the last visit that the esketamine REMS Patient Monitoring Form asks
/// about (clinical reference §2.1; opioids on newer form versions).
public enum ConcomitantMedication: String, Sendable, Codable, CaseIterable {
    case benzodiazepines
    case nonBenzodiazepineSedatives = "non-benzodiazepine-sedatives"
    case psychostimulants
    case maois
    case opioids

    public var title: String {
        switch self {
        case .benzodiazepines: "Benzodiazepines"
        case .nonBenzodiazepineSedatives: "Non-benzodiazepine sedative hypnotics"
        case .psychostimulants: "Psychostimulants"
        case .maois: "MAOIs"
        case .opioids: "Opioids"
        }
    }

    /// Generic names of each class, for reading the patient's medication list (members as their US
    /// labels class them; the classes are the SPRAVATO REMS Patient Monitoring Form's).
    static let members: [ConcomitantMedication: [String]] = [
        .benzodiazepines: ["alprazolam", "chlordiazepoxide", "clobazam", "clonazepam", "clorazepate", "diazepam", "estazolam", "flurazepam",
                           "lorazepam", "midazolam", "oxazepam", "temazepam", "triazolam"],
        .nonBenzodiazepineSedatives: ["zolpidem", "zaleplon", "eszopiclone", "suvorexant", "lemborexant", "daridorexant"],
        .psychostimulants: ["amphetamine", "dextroamphetamine", "lisdexamfetamine", "methamphetamine", "methylphenidate", "dexmethylphenidate",
                            "modafinil", "armodafinil"],
        .maois: ["phenelzine", "tranylcypromine", "isocarboxazid", "selegiline"],
        .opioids: ["buprenorphine", "codeine", "fentanyl", "hydrocodone", "hydromorphone", "methadone", "morphine", "oxycodone", "oxymorphone",
                   "tapentadol", "tramadol"],
    ]

    /// What the patient takes now, for the REMS form's "currently taking" questions: the medication
    /// list, the screening's medicine answers and what the checklist says was started since the last
    /// visit (a patient on long-term clonazepam was reported "No"; clinical review, REMS form finding).
    public static func currentlyTaken(medications: [String], screening: Screening?, newSinceLastVisit: [ConcomitantMedication]) -> Set<ConcomitantMedication> {
        var taken = Set(newSinceLastVisit)
        let listed = medications.map { $0.lowercased() }
        for (kind, names) in members where names.contains(where: { name in listed.contains { $0.contains(name) } }) { taken.insert(kind) }
        let screened: [ScreeningItem: ConcomitantMedication] = [.benzodiazepines: .benzodiazepines, .otherSedatives: .nonBenzodiazepineSedatives,
                                                                .stimulants: .psychostimulants, .maoi: .maois]
        for (item, kind) in screened where screening?.responses[item]?.answer == .yes { taken.insert(kind) }
        return taken
    }
}

public enum PregnancyStatus: String, Sendable, Codable, CaseIterable {
    case notApplicable = "not-applicable"
    case notPregnant = "not-pregnant"
    case pregnant
}

/// The pre-dose checklist. `true` means the requirement is met; `nil` is not yet asked.
public struct ReadinessChecklist: Sendable, Equatable, Codable {
    /// Esketamine label: no food for 2 hours before dosing.
    public var noFoodForTwoHours: Bool?
    /// Esketamine label: no liquids for 30 minutes before dosing.
    public var noLiquidsForThirtyMinutes: Bool?
    /// Esketamine label: a nasal corticosteroid or decongestant at least 1 hour before (true: none in the last hour).
    public var noNasalSprayWithinHour: Bool?
    /// Label: transport home must be arranged.
    public var rideConfirmed: Bool?
    /// Label: no driving until the next day after restful sleep.
    public var noDrivingAcknowledged: Bool?
    public var pregnancy: PregnancyStatus?
    /// Started since the last visit; empty when asked and none, nil when not asked.
    public var newMedications: [ConcomitantMedication]?
    public var note: String?

    public init(noFoodForTwoHours: Bool? = nil, noLiquidsForThirtyMinutes: Bool? = nil, noNasalSprayWithinHour: Bool? = nil,
                rideConfirmed: Bool? = nil, noDrivingAcknowledged: Bool? = nil, pregnancy: PregnancyStatus? = nil,
                newMedications: [ConcomitantMedication]? = nil, note: String? = nil) {
        self.noFoodForTwoHours = noFoodForTwoHours
        self.noLiquidsForThirtyMinutes = noLiquidsForThirtyMinutes
        self.noNasalSprayWithinHour = noNasalSprayWithinHour
        self.rideConfirmed = rideConfirmed
        self.noDrivingAcknowledged = noDrivingAcknowledged
        self.pregnancy = pregnancy
        self.newMedications = newMedications
        self.note = note
    }

    /// The questions for a route, each with the hold reason when the answer is "no".
    struct Item {
        let question: String
        let answer: Bool?
        let unmet: String
    }

    func items(for route: TreatmentRoute) -> [Item] {
        var items: [Item] = []
        if route.isEsketamine {
            items += [
                Item(question: "no food for 2 hours", answer: noFoodForTwoHours,
                     unmet: "Ate within 2 hours of dosing (label: no food for 2 hours before): reschedule (ate too close)."),
                Item(question: "no liquids for 30 minutes", answer: noLiquidsForThirtyMinutes,
                     unmet: "Drank within 30 minutes of dosing (label: no liquids for 30 minutes before): wait."),
                Item(question: "no nasal corticosteroid or decongestant in the last hour", answer: noNasalSprayWithinHour,
                     unmet: "Nasal corticosteroid or decongestant within the last hour (label: at least 1 hour before): wait."),
            ]
        }
        items += [
            Item(question: "ride home confirmed", answer: rideConfirmed, unmet: "No ride home (label: transport must be arranged): do not dose."),
            Item(question: "no driving until tomorrow acknowledged", answer: noDrivingAcknowledged,
                 unmet: "The patient has not agreed to not drive until the next day after restful sleep (label)."),
        ]
        return items
    }
}

/// The verdict on whether a dose may start.
public struct Readiness: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case ok, caution, hold, incomplete
    }

    public let status: Status
    public let reasons: [String]
    /// A prescriber's acknowledgement covering every caution reason, when there is one.
    public let acknowledgement: CautionAcknowledgement?

    /// Whether the gate lets the dose start: ok, or caution acknowledged.
    public var permitsDosing: Bool { status == .ok || (status == .caution && acknowledgement != nil) }
}

/// A prescriber's note that dosing may go ahead despite the caution reasons it lists.
public struct CautionAcknowledgement: Sendable, Equatable, Codable {
    public let reasons: [String]
    public let note: String
    public let byName: String
    public let at: Date

    public init(reasons: [String], note: String, byName: String, at: Date) {
        self.reasons = reasons
        self.note = note
        self.byName = byName
        self.at = at
    }
}
