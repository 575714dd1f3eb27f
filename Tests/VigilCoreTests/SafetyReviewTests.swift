import Foundation
import Testing
@testable import VigilCore
import VigilTestSupport

@Suite("Safety review")
struct SafetyReviewTests {
    static let patient = UUID()
    static let none = Dictionary(uniqueKeysWithValues: SafetyReview.Question.allCases.map { ($0.rawValue, false) })

    func review(after sessions: Int) -> SafetyReview {
        SafetyReview(id: UUID(), patientID: Self.patient, dosedSessions: sessions, concerns: [], note: nil, reviewedAt: TestTime.now, reviewedByName: "Nia Okafor")
    }

    @Test func dueEverySixSessionsWithADoseCountedFromTheLastReview() {
        #expect(!SafetyReview.Due(dosedSessions: 5, lastReview: nil, every: 6).isDue)
        let sixth = SafetyReview.Due(dosedSessions: 6, lastReview: nil, every: 6)
        #expect(sixth.isDue && sixth.reason == "6 session(s) with a dose since the last safety review; the clinic reviews every 6.")
        #expect(!SafetyReview.Due(dosedSessions: 11, lastReview: review(after: 6), every: 6).isDue)
        #expect(SafetyReview.Due(dosedSessions: 12, lastReview: review(after: 6), every: 6).isDue)
        #expect(SafetyReview.Due(dosedSessions: 8, lastReview: review(after: 6), every: 2).isDue, "a clinic setting of 2")
    }

    @Test func everyQuestionIsAnsweredAndAConcernNeedsANote() throws {
        func check(_ answers: [String: Bool]?, note: String? = nil, sessions: Int = 6) throws(ValidationError) -> SafetyReview {
            try SafetyReviewForm(answers: answers, note: note).checked(patientID: Self.patient, dosedSessions: sessions, now: TestTime.now, reviewedByName: "Nia Okafor")
        }
        #expect(throws: ValidationError.self) { try check(nil) }
        do {
            _ = try check(["cognition": false, "mood": true])
            Issue.record("a partial review was accepted")
        } catch {
            let fields = error.errors.map(\.field)
            #expect(fields.contains("answers.mood") && fields.contains("answers.urinary-symptoms") && fields.contains("answers.dose-escalation"))
        }
        var craving = Self.none
        craving["craving-or-misuse"] = true
        do {
            _ = try check(craving)
            Issue.record("a concern without a note was accepted")
        } catch {
            #expect(error.errors.map(\.field) == ["note"])
        }
        let found = try check(craving, note: "  Asked for an extra session this week; discussed, plan unchanged  ")
        #expect(found.concerns == [.cravingOrMisuse] && found.note == "Asked for an extra session this week; discussed, plan unchanged")
        #expect(try check(Self.none).concerns.isEmpty)
        #expect(throws: ValidationError.self, "nothing to review before a dose") { try check(Self.none, sessions: 0) }
    }
}
