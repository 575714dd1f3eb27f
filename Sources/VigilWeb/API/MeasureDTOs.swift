import Foundation
import VigilCore
import VigilStorage

/// A scored measure as the API shows it. `domains` holds the symptom groups (Vigil's presentation);
/// `scoringDomains` the QIDS-SR16 domain scores.
struct AssessmentDTO: Encodable, Sendable {
    let id: String
    let instrument: InstrumentID
    let version: String
    let answers: [Int?]
    let total: Int?
    let severity: String?
    let flags: [MeasureFlag]
    let domains: [String: Int]?
    let scoringDomains: [String: Int]?
    let risk: SuicideRisk?
    let reasons: [String]
    let takenAt: Date
    let source: AssessmentSource
    let timing: AssessmentTiming?
    let sessionId: String?
    let enteredByName: String?
    let alertId: String?

    init(_ assessment: Assessment, alert: SuicidalityAlert? = nil) {
        let score = assessment.score
        id = assessment.id.lowercased
        instrument = assessment.instrument
        version = assessment.version
        answers = assessment.answers
        total = score.total
        severity = score.severity
        flags = score.flags
        domains = score.groups.isEmpty ? nil : Dictionary(uniqueKeysWithValues: score.groups.map { ($0.key.rawValue, $0.value) })
        scoringDomains = score.domains.isEmpty ? nil : score.domains
        risk = score.risk
        reasons = score.reasons
        takenAt = assessment.takenAt
        source = assessment.source
        timing = assessment.timing
        sessionId = assessment.sessionID?.lowercased
        enteredByName = assessment.enteredByName
        alertId = alert?.id.lowercased
    }
}

struct OutcomeDTO: Encodable, Sendable {
    struct Score: Encodable, Sendable {
        let total: Int
        let takenAt: Date

        init(_ point: Outcome.Point) {
            total = point.total
            takenAt = point.takenAt
        }
    }

    struct Rapid: Encodable, Sendable {
        let preDose: Score
        let after: Score
        let percentChange: Double?
        let met: Bool
    }

    let instrument: InstrumentID
    let baseline: Score
    let latest: Score
    let change: Int
    let percentChange: Double?
    let status: Outcome.Status
    let firstResponseAt: Date?
    let firstRemissionAt: Date?
    let rapidResponse: Rapid?
    let remissionAtMost: Int
    let reasons: [String]

    init(_ outcome: Outcome, instrument: InstrumentID, remissionAtMost: Int) {
        self.instrument = instrument
        baseline = Score(outcome.baseline)
        latest = Score(outcome.latest)
        change = outcome.change
        percentChange = outcome.percentChange.map { ($0 * 10).rounded() / 10 }
        status = outcome.status
        firstResponseAt = outcome.firstResponseAt
        firstRemissionAt = outcome.firstRemissionAt
        rapidResponse = outcome.rapidResponse.map {
            Rapid(preDose: Score($0.preDose), after: Score($0.after), percentChange: $0.percentChange.map { ($0 * 10).rounded() / 10 }, met: $0.met)
        }
        self.remissionAtMost = remissionAtMost
        reasons = outcome.reasons
    }
}

struct AlertDTO: Encodable, Sendable {
    let id: String
    let patientId: String
    let patientName: String?
    let assessmentId: String
    let instrument: InstrumentID
    let level: SuicidalityAlert.Level
    let reasons: [String]
    let status: SuicidalityAlert.Status
    let raisedAt: Date
    let acknowledgedByName: String?
    let acknowledgedAt: Date?
    let actionTaken: String?

    init(_ alert: SuicidalityAlert) {
        id = alert.id.lowercased
        patientId = alert.patientID.lowercased
        patientName = alert.patientName
        assessmentId = alert.assessmentID.lowercased
        instrument = alert.instrument
        level = alert.level
        reasons = alert.reasons
        status = alert.status
        raisedAt = alert.raisedAt
        acknowledgedByName = alert.acknowledgedByName
        acknowledgedAt = alert.acknowledgedAt
        actionTaken = alert.actionTaken
    }
}

struct InstrumentDTO: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        struct Answer: Encodable, Sendable {
            let value: Int
            let label: String
            let loinc: String?
        }

        let code: String
        let label: String
        let text: String?
        let loinc: String?
        let answers: [Answer]
    }

    struct Band: Encodable, Sendable {
        let name: String
        let from: Int
        let to: Int
    }

    let id: InstrumentID
    let version: String
    let name: String
    let title: String
    let prompt: String?
    let rater: Instrument.Rater
    let items: [Item]
    let minimumTotal: Int?
    let maximumTotal: Int?
    let bands: [Band]
    let remissionAtMost: Int?
    let loincPanel: String?
    let loincTotal: String?
    let canBeSentToPatients: Bool
    let source: String

    init(_ instrument: Instrument, settings: ClinicSettings) {
        id = instrument.id
        version = instrument.version
        name = instrument.name
        title = instrument.title
        prompt = instrument.prompt
        rater = instrument.rater
        items = instrument.items.map { item in
            Item(code: item.code, label: item.label, text: item.text, loinc: item.loinc,
                 answers: item.answers.map { Item.Answer(value: $0.value, label: $0.label, loinc: $0.loinc) })
        }
        minimumTotal = instrument.totalRange?.lowerBound
        maximumTotal = instrument.totalRange?.upperBound
        bands = instrument.bands.map { Band(name: $0.name, from: $0.range.lowerBound, to: $0.range.upperBound) }
        remissionAtMost = settings.remissionAtMost(instrument.id) ?? instrument.remissionAtMost
        loincPanel = instrument.loincPanel
        loincTotal = instrument.loincTotal
        canBeSentToPatients = instrument.canBeSentToPatients
        source = instrument.source
    }
}

struct MeasureRequestDTO: Encodable, Sendable {
    let id: String
    let patientId: String
    let instrument: InstrumentID
    let reason: String
    let timing: AssessmentTiming?
    let status: MeasureRequest.Status
    let requestedByName: String
    let createdAt: Date
    let expiresAt: Date
    let completedAt: Date?
    let assessmentId: String?
    let planId: String?
    let delivery: MeasureRequest.Delivery
    let deliveryNote: String?
    /// Only in the response that made the link, and only when staff are to pass it on.
    let link: String?

    init(_ request: MeasureRequest, now: Date, link: String? = nil) {
        id = request.id.lowercased
        patientId = request.patientID.lowercased
        instrument = request.instrument
        reason = request.reason
        timing = request.timing
        status = request.status(at: now)
        requestedByName = request.requestedByName
        createdAt = request.createdAt
        expiresAt = request.expiresAt
        completedAt = request.completedAt
        assessmentId = request.assessmentID?.lowercased
        planId = request.planID?.lowercased
        delivery = request.delivery
        deliveryNote = request.deliveryNote
        self.link = link
    }
}

struct PlannedMeasureDTO: Encodable, Sendable {
    let id: String
    let patientId: String
    let patientName: String
    let instrument: InstrumentID
    let everyDays: Int
    let startDate: CalendarDate
    let reason: String
    let createdByName: String
    let status: MeasurementPlan.Status
    let nextDue: CalendarDate
    let latestRequest: MeasureRequestDTO?

    init(_ planned: PlannedMeasure, now: Date) {
        let plan = planned.plan
        id = plan.id.lowercased
        patientId = plan.patientID.lowercased
        patientName = planned.patientName
        instrument = plan.instrument
        everyDays = plan.everyDays
        startDate = plan.startDate
        reason = plan.reason
        createdByName = plan.createdByName
        status = planned.progress.status
        nextDue = planned.progress.nextDue
        latestRequest = planned.newestRequest.map { MeasureRequestDTO($0, now: now) }
    }
}
