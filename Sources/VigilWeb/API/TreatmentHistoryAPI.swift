import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// Antidepressant trials, other treatment and the current episode, and the treatment-resistance
/// verdict computed from them with a reason for every trial.
struct TreatmentHistoryAPI {
    static let addTrial = Endpoint(.post, "/api/v1/patients/{id}/medication-trials", .api, .permission(.documentClinical),
                                   "Record an antidepressant trial (a drug outside the table needs a prescriber's doseOverride)",
                                   .init(request: "NewMedicationTrial", status: 201, response: "MedicationTrial"))
    static let addOther = Endpoint(.post, "/api/v1/patients/{id}/other-treatments", .api, .permission(.documentClinical),
                                   "Record augmentation, psychotherapy, ECT or other treatment as context",
                                   .init(request: "NewOtherTreatment", status: 201, response: "OtherTreatment"))
    static let setEpisode = Endpoint(.put, "/api/v1/patients/{id}/current-episode", .api, .permission(.documentClinical),
                                     "Record when the current episode began and its severity (for the Maudsley score)",
                                     .init(request: "DepressiveEpisode", response: "DepressiveEpisode"))
    static let resistance = Endpoint(.get, "/api/v1/patients/{id}/treatment-resistance", .api, .permission(.viewClinical),
                                     "Whether the depression is treatment-resistant, with the reasons for every trial and the Maudsley score when the data allow",
                                     .init(response: "TreatmentResistance"))

    let database: Database
    let calendar: ClinicCalendar

    struct OtherTreatmentForm: Decodable {
        let kind: String?
        let description: String?
        let startDate: String?
        let endDate: String?
        let currentEpisode: Bool?
    }

    struct EpisodeForm: Decodable {
        let startDate: String?
        let severity: String?
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.addTrial) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let form = try await request.decodeJSON(MedicationTrialForm.self, context: context)
            let trial = try await addTrial(form, patientID: id, context: context)
            return try .json(TrialDTO(trial), status: .created)
        }
        router.add(Self.addOther) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let form = try await request.decodeJSON(OtherTreatmentForm.self, context: context)
            let treatment = try await addOtherTreatment(form, patientID: id, actor: context.actor)
            return try .json(OtherTreatmentDTO(treatment), status: .created)
        }
        router.add(Self.setEpisode) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let form = try await request.decodeJSON(EpisodeForm.self, context: context)
            let episode = try await setEpisode(form, patientID: id, actor: context.actor)
            return try .json(EpisodeDTO(episode, today: calendar.today))
        }
        router.add(Self.resistance) { _, context in
            let file = try await database.patientFile(id: try context.uuidParameter("id"), parts: [.treatmentHistory], by: context.actor)
            let settings = try await database.clinicSettings()
            return try .json(TreatmentResistanceDTO(file.treatmentHistory, table: file.antidepressants, criteria: settings.criteria, today: calendar.today))
        }
    }

    /// Shared with the chart page. The override is the signed-in prescriber's, or refused.
    func addTrial(_ form: MedicationTrialForm, patientID: UUID, context: VigilContext) async throws -> MedicationTrial {
        let user = context.identity!.user
        let table = try await database.antidepressantTable()
        let trial = try form.checked(table: table, today: calendar.today, overrideBy: user.role.may(.prescribe) ? user.name : nil)
        return try await database.addMedicationTrial(trial, patientID: patientID, by: context.actor)
    }

    func addOtherTreatment(_ form: OtherTreatmentForm, patientID: UUID, actor: Actor) async throws -> OtherTreatment {
        let treatment = try OtherTreatment.checked(kind: form.kind, description: form.description, startDate: form.startDate,
                                                   endDate: form.endDate, currentEpisode: form.currentEpisode, today: calendar.today)
        return try await database.addOtherTreatment(treatment, patientID: patientID, by: actor)
    }

    func setEpisode(_ form: EpisodeForm, patientID: UUID, actor: Actor) async throws -> DepressiveEpisode {
        let episode = try DepressiveEpisode.checked(startDate: form.startDate, severity: form.severity, today: calendar.today)
        try await database.setDepressiveEpisode(episode, patientID: patientID, by: actor)
        return episode
    }
}

struct TrialDTO: Encodable {
    struct Override: Encodable {
        let prescriber: String
        let reason: String
    }

    let id: String
    let drug: String
    let dailyDoseMg: Double
    let startDate: CalendarDate
    let endDate: CalendarDate?
    let adequateDoseOn: CalendarDate?
    let currentEpisode: Bool
    let adherence: MedicationTrial.Adherence
    let outcome: MedicationTrial.Outcome
    let doseOverride: Override?
    /// The verdict, on treatment-resistance responses.
    let adequate: Bool??
    let failed: Bool?
    let counts: Bool?
    let reasons: [String]?

    init(_ trial: MedicationTrial, assessment: TrialAssessment? = nil) {
        id = trial.id.lowercased
        drug = trial.drug
        dailyDoseMg = trial.dailyDoseMg
        startDate = trial.startDate
        endDate = trial.endDate
        adequateDoseOn = trial.adequateDoseOn
        currentEpisode = trial.currentEpisode
        adherence = trial.adherence
        outcome = trial.outcome
        doseOverride = trial.doseOverride.map { Override(prescriber: $0.prescriberName, reason: $0.reason) }
        adequate = assessment.map { $0.adequate }
        failed = assessment?.failed
        counts = assessment?.counts
        reasons = assessment?.reasons
    }

    enum CodingKeys: String, CodingKey {
        case id, drug, dailyDoseMg, startDate, endDate, adequateDoseOn, currentEpisode, adherence, outcome, doseOverride, adequate, failed, counts, reasons
    }

    /// `adequate` is written as null when the trial cannot be judged, and left out on plain trial responses.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(drug, forKey: .drug)
        try container.encode(dailyDoseMg, forKey: .dailyDoseMg)
        try container.encode(startDate, forKey: .startDate)
        try container.encode(endDate, forKey: .endDate)
        try container.encodeIfPresent(adequateDoseOn, forKey: .adequateDoseOn)
        try container.encode(currentEpisode, forKey: .currentEpisode)
        try container.encode(adherence, forKey: .adherence)
        try container.encode(outcome, forKey: .outcome)
        try container.encodeIfPresent(doseOverride, forKey: .doseOverride)
        if let adequate { try container.encode(adequate, forKey: .adequate) }
        try container.encodeIfPresent(failed, forKey: .failed)
        try container.encodeIfPresent(counts, forKey: .counts)
        try container.encodeIfPresent(reasons, forKey: .reasons)
    }
}

struct OtherTreatmentDTO: Encodable {
    let id: String
    let kind: OtherTreatment.Kind
    let description: String
    let startDate: CalendarDate?
    let endDate: CalendarDate?
    let currentEpisode: Bool

    init(_ treatment: OtherTreatment) {
        id = treatment.id.lowercased
        kind = treatment.kind
        description = treatment.description
        startDate = treatment.startDate
        endDate = treatment.endDate
        currentEpisode = treatment.currentEpisode
    }
}

struct EpisodeDTO: Encodable {
    let startDate: CalendarDate
    let severity: MaudsleyStaging.Severity
    let months: Int

    init(_ episode: DepressiveEpisode, today: CalendarDate) {
        startDate = episode.startDate
        severity = episode.severity
        months = episode.months(until: today)
    }
}

/// `GET /treatment-resistance`: the verdict, the criteria, every trial with its reasons, the context.
struct TreatmentResistanceDTO: Encodable {
    struct Maudsley: Encodable {
        let score: Int
        let band: String
        let reasons: [String]
    }

    let treatmentResistant: Bool
    let adequateFailedTrials: Int
    let criteria: TreatmentResistanceCriteria
    let summary: String
    let trials: [TrialDTO]
    let otherTreatments: [OtherTreatmentDTO]
    let episode: EpisodeDTO?
    let maudsleyScore: Int?
    let maudsley: Maudsley?

    init(_ history: TreatmentHistory, table: AntidepressantTable, criteria: TreatmentResistanceCriteria, today: CalendarDate) {
        let (resistance, maudsley) = history.evaluate(table: table, criteria: criteria, today: today)
        let byID = Dictionary(uniqueKeysWithValues: history.trials.map { ($0.id, $0) })
        treatmentResistant = resistance.treatmentResistant
        adequateFailedTrials = resistance.adequateFailedTrials
        self.criteria = criteria
        summary = resistance.summary
        trials = resistance.trials.compactMap { assessment in byID[assessment.trialID].map { TrialDTO($0, assessment: assessment) } }
        otherTreatments = history.otherTreatments.map(OtherTreatmentDTO.init)
        episode = history.episode.map { EpisodeDTO($0, today: today) }
        maudsleyScore = maudsley?.score
        self.maudsley = maudsley.map { Maudsley(score: $0.score, band: $0.band, reasons: $0.reasons) }
    }
}
