import Foundation
import VigilCore
import VigilStorage

/// Realistic score histories for the demo: remitters, responders, partial responders,
/// non-responders and a relapse, weekly PHQ-9 with MADRS at baseline and before and after doses,
/// one open suicidality alert, and weekly plans.
enum DemoMeasures {
    /// PHQ-9 totals a week apart, oldest first; the first is the baseline.
    static let courses: [[Int]] = [
        [21, 17, 12, 9, 6, 4, 3, 4],        // remission
        [22, 18, 15, 12, 11, 10, 9],        // response
        [20, 14, 8, 5, 4, 9, 13, 15],       // relapse after remission
        [19, 20, 18, 19, 17, 18],           // no response
        [20, 17, 15, 14, 13],               // partial response
    ]

    static func record(patient: UUID, index: Int, nurse: User, database: Database, clock: DemoClock, random: inout SeededGenerator) async throws {
        let actor = Actor(userID: nurse.id, role: nurse.role, address: "demo", sessionID: nil)
        let totals = courses[(index / 5 + index % 5) % courses.count]
        let now = clock.started
        let week = 7 * 86_400.0
        let start = now.addingTimeInterval(-Double(totals.count - 1) * week - 3600 * Double(2 + index % 5))
        let flagLatest = index % 11 == 0
        for (number, total) in totals.enumerated() {
            let takenAt = start.addingTimeInterval(Double(number) * week)
            var answers = spread(total, over: 8, maximum: 3, random: &random) + [0]
            if flagLatest && number == totals.count - 1 { answers[8] = 1 }
            try await save(.phq9, answers, at: takenAt, timing: number == 0 ? .baseline : .followUp, source: .patient, patient, nurse, actor, database)
        }
        // MADRS at baseline, and before and after the latest dose (a rapid response for responders).
        let madrsBaseline = 26 + index % 10
        // Item 10 (suicidal thoughts) stays low: the demo's one alert comes from PHQ-9 item 9.
        func madrs(_ total: Int) -> [Int] { spread(total - 1, over: 9, maximum: 6, random: &random) + [1] }
        try await save(.madrs, madrs(madrsBaseline), at: start, timing: .baseline, source: .clinician,
                       patient, nurse, actor, database)
        let dose = now.addingTimeInterval(-2 * 86_400)
        let responder = totals.last! * 2 <= totals.first!
        let before = responder ? 22 : madrsBaseline - 2, after = responder ? 9 : madrsBaseline - 5
        try await save(.madrs, madrs(before), at: dose, timing: .preDose, source: .clinician,
                       patient, nurse, actor, database)
        try await save(.madrs, madrs(after), at: dose.addingTimeInterval(4 * 3600), timing: .postDose,
                       source: .clinician, patient, nurse, actor, database)
        if index % 3 == 0 {
            _ = try await database.createMeasurementPlan(
                patientID: patient, instrument: Instrument.named(.phq9), everyDays: 7, startDate: clock.today,
                reason: "Your weekly check during treatment", creator: nurse,
                calendar: MeasureCalendar(today: clock.today, timeZone: clock.zone, linkHours: 72), by: actor)
        }
    }

    /// Item values that add up to `total`, spread unevenly as real answers are (item 9 stays separate).
    static func spread(_ total: Int, over count: Int, maximum: Int, random: inout SeededGenerator) -> [Int] {
        var values = Array(repeating: 0, count: count)
        var left = min(total, count * maximum)
        while left > 0 {
            let item = Int.random(in: 0..<count, using: &random)
            if values[item] < maximum {
                values[item] += 1
                left -= 1
            }
        }
        return values
    }

    private static func save(_ id: InstrumentID, _ answers: [Int], at takenAt: Date, timing: AssessmentTiming, source: AssessmentSource,
                             _ patient: UUID, _ nurse: User, _ actor: Actor, _ database: Database) async throws {
        let checked = try AssessmentForm.Checked(Instrument.named(id), answers: answers.map { .number(Double($0)) }, takenAt: takenAt,
                                                 source: source, timing: timing)
        _ = try await database.recordAssessment(checked, patientID: patient, enteredBy: source == .clinician ? nurse : nil, by: actor)
    }
}
