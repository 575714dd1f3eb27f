import Foundation
import VigilCore
import VigilStorage

/// A synthetic patient's course of illness: a baseline PHQ-9 and how it falls with treatment —
/// remission, response, partial response or none, in roughly the shares real-world ketamine cohorts
/// report (about half respond; clinical reference §3) — and their resting blood pressure.
struct Trajectory {
    let baseline: Int
    let target: Int
    let systolic: Int
    let diastolic: Int

    init(random: inout SeededGenerator) {
        baseline = Int.random(in: 15...26, using: &random)
        let kind = Int.random(in: 0..<100, using: &random)
        target = kind < 30 ? Int.random(in: 2...4, using: &random) : kind < 55 ? baseline / 2 - 1 : kind < 75 ? baseline * 3 / 4 : baseline - 1
        systolic = Int.random(in: 108...132, using: &random)
        diastolic = Int.random(in: 66...84, using: &random)
    }

    /// The PHQ-9 total expected in the course's `week`: the fall is mostly over by week six.
    func phq9(week: Int, noise: Int) -> Int { max(0, min(27, baseline - (baseline - target) * min(week, 6) / 6 + noise)) }
}

extension SyntheticSite {
    /// PHQ-9 and GAD-7 before each dose, CADSS-6 after it (dissociation falls over the first weeks),
    /// and, after two sessions in three, a PHQ-9 and a WHO-5 from home three days later.
    func measure(_ session: DosingSession, trajectory: Trajectory, week: Int, before: Date, after: Date, patient: Patient, nurse: User) throws {
        let phq9 = trajectory.phq9(week: week, noise: Int.random(in: -2...2, using: &random))
        let timing: AssessmentTiming = session.sessionNumber == 1 ? .baseline : .preDose
        try score(.phq9, DemoMeasures.spread(phq9, over: 8, maximum: 3, random: &random) + [0], at: before, timing: timing, session: session, by: nil)
        try score(.gad7, DemoMeasures.spread(phq9 * 2 / 3, over: 7, maximum: 3, random: &random), at: before, timing: timing, session: session, by: nil)
        let dissociation = max(0, Int.random(in: 4...14, using: &random) - week)
        try score(.cadss6, DemoMeasures.spread(dissociation, over: 6, maximum: 4, random: &random), at: after, timing: .postDose, session: session, by: nurse)
        guard chance(67) else { return }
        let home = before.addingTimeInterval(3 * 86_400 + 9 * 3600)
        guard home < clock.started else { return }
        let later = trajectory.phq9(week: week, noise: Int.random(in: -2...2, using: &random))
        try score(.phq9, DemoMeasures.spread(later, over: 8, maximum: 3, random: &random) + [0], at: home, timing: .followUp, session: nil, by: nil,
                  patientID: session.patientID)
        try score(.who5, DemoMeasures.spread(max(0, 25 - later), over: 5, maximum: 5, random: &random), at: home, timing: .followUp, session: nil, by: nil,
                  patientID: session.patientID)
    }

    private func score(_ id: InstrumentID, _ answers: [Int], at takenAt: Date, timing: AssessmentTiming, session: DosingSession?, by rater: User?,
                       patientID: UUID? = nil) throws {
        let instrument = Instrument.named(id)
        let checked = try AssessmentForm.Checked(instrument, answers: answers.map { .number(Double($0)) }, takenAt: takenAt,
                                                 source: rater == nil ? .patient : .clinician, timing: timing, sessionID: session?.id)
        let patient = patientID ?? session!.patientID
        let assessment = Assessment(id: NewID.make(), patientID: patient, instrument: id, version: instrument.version, answers: checked.answers,
                                    score: checked.score, takenAt: takenAt, source: checked.source, timing: timing, sessionID: session?.id,
                                    enteredBy: rater?.id, enteredByName: rater?.name, recordedAt: takenAt.addingTimeInterval(60))
        assessments.append(assessment)
        let summary = [checked.score.total.map { "total \($0)" }, checked.score.severity].compactMap { $0 }.joined(separator: ", ")
        let actor = rater.map(self.actor) ?? Actor(userID: nil, role: nil, address: "seed", sessionID: nil, siteID: site.id)
        audit.append((AuditRecord(actor, .create, resourceType: "Assessment", resourceID: assessment.id.lowercased, patientID: patient,
                                  detail: "\(instrument.name) \(summary)"), assessment.recordedAt))
    }
}
