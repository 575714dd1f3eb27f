import Foundation
import Testing
import VigilCore

@Suite("Rating-scale scoring")
struct MeasureScoringTests {
    /// Answers that make `total` on a sum scale: fill items in order up to each item's maximum.
    static func answers(for instrument: Instrument, total: Int) -> [RawAnswer] {
        var left = total
        return instrument.items.map { item in
            let value = min(left, item.range.upperBound)
            left -= value
            return .number(Double(value))
        }
    }

    static func score(_ id: InstrumentID, _ values: [Int?]) throws -> Score {
        try Instrument.named(id).score(values.map { $0.map { .number(Double($0)) } ?? .skipped }).score
    }

    /// Every band edge of every banded sum scale: the last total of one band and the first of the next.
    @Test(arguments: [
        (InstrumentID.phq9, [(4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"), (15, "moderately severe"),
                             (19, "moderately severe"), (20, "severe"), (27, "severe"), (0, "minimal")]),
        (.gad7, [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"), (15, "severe"), (21, "severe")]),
        (.madrs, [(0, "normal"), (6, "normal"), (7, "mild"), (19, "mild"), (20, "moderate"), (34, "moderate"), (35, "severe"), (60, "severe")]),
    ])
    func bandBoundaries(id: InstrumentID, cases: [(Int, String)]) throws {
        let instrument = Instrument.named(id)
        for (total, band) in cases {
            let score = try instrument.score(Self.answers(for: instrument, total: total)).score
            #expect(score.total == total)
            #expect(score.severity == band, "\(id) total \(total)")
        }
    }

    @Test func qidsScoresEachDomainByItsHighestItem() throws {
        // Sleep items 3, 1, 0, 2 → 3; appetite/weight 0, 2, 1, 0 → 2; psychomotor 1, 3 → 3; the six single items 1 each.
        let score = try Self.score(.qidsSR16, [3, 1, 0, 2, 1, 0, 2, 1, 0, 1, 1, 1, 1, 1, 1, 3])
        #expect(score.domains["sleep"] == 3 && score.domains["appetite or weight"] == 2 && score.domains["psychomotor"] == 3)
        #expect(score.total == 3 + 1 + 2 + 1 + 1 + 1 + 1 + 1 + 3)
        #expect(score.severity == "moderate")
        #expect(score.flags == [.suicidality], "item 12 above 0")
        #expect(score.groups == [.emotional: 4, .physical: 9, .cognitive: 1])
    }

    @Test(arguments: [(5, "none"), (6, "mild"), (10, "mild"), (11, "moderate"), (15, "moderate"), (16, "severe"), (20, "severe"),
                      (21, "very severe"), (27, "very severe")])
    func qidsBands(total: Int, band: String) throws {
        // Nine domains, filled in domain order through the first item of each.
        let firstItems = [0, 4, 5, 9, 10, 11, 12, 13, 14]
        var values = Array(repeating: 0, count: 16)
        var left = total
        for index in firstItems where left > 0 {
            values[index] = min(3, left)
            left -= values[index]
        }
        let score = try Self.score(.qidsSR16, values)
        #expect(score.total == total && score.severity == band)
    }

    @Test func whoFiveIsScaledToAHundredAndFlagsPoorWellBeing() throws {
        #expect(try Self.score(.who5, [5, 5, 5, 5, 5]).total == 100)
        let poor = try Self.score(.who5, [3, 3, 2, 2, 2])
        #expect(poor.total == 48 && poor.severity == "poor well-being" && poor.flags == [.poorWellBeing])
        let edge = try Self.score(.who5, [3, 3, 3, 2, 2])
        #expect(edge.total == 52 && edge.flags.isEmpty && edge.severity == "adequate well-being")
        let depressed = try Self.score(.who5, [2, 2, 1, 1, 1])
        #expect(depressed.total == 28 && depressed.flags == [.poorWellBeing, .likelyDepression])
        #expect(try Self.score(.who5, [2, 2, 2, 1, 1]).severity == "poor well-being", "32 is above 28")
    }

    @Test func suicidalityItemsRaiseTheFlag() throws {
        #expect(try Self.score(.phq9, [0, 0, 0, 0, 0, 0, 0, 0, 1]).flags == [.suicidality])
        #expect(try Self.score(.phq9, [3, 3, 3, 3, 3, 3, 3, 3, 0]).flags.isEmpty)
        // MADRS item 10 at 2–3 and a C-SSRS "low" raised nothing (clinical-safety issue, finding 7): a review-level flag.
        let fleeting = try Self.score(.madrs, [0, 0, 0, 0, 0, 0, 0, 0, 0, 3])
        #expect(fleeting.flags == [.suicidalityReview] && fleeting.reasons == ["MADRS item 10 (suicidal thoughts) scored 3: review at the next contact"])
        #expect(try Self.score(.madrs, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]).flags.isEmpty, "item 10 at 1 is not a signal")
        #expect(SuicidalityAlert.Level.of(fleeting.flags) == .review && SuicidalityAlert.Level.of([.suicidality, .suicidalityReview]) == .urgent)
        let madrs = try Self.score(.madrs, [0, 0, 0, 0, 0, 0, 0, 0, 0, 4])
        #expect(madrs.flags == [.suicidality] && madrs.reasons == ["MADRS item 10 (suicidal thoughts) scored 4"])
        #expect(try Self.score(.qidsSR16, Array(repeating: 0, count: 16)).flags.isEmpty)
    }

    @Test func cssrsTriage() throws {
        // Items 1, 2, 3, 4, 5, 6, 6b; nil where the rules skip.
        #expect(try Self.score(.cssrsScreen, [0, 0, nil, nil, nil, 0, nil]).risk == SuicideRisk.none)
        let low = try Self.score(.cssrsScreen, [1, 0, nil, nil, nil, 0, nil])
        #expect(low.risk == .low && low.severity == "low" && low.flags == [.suicidalityReview])
        #expect(try Self.score(.cssrsScreen, [1, 1, 0, 0, 0, 0, nil]).risk == .low)
        #expect(try Self.score(.cssrsScreen, [1, 1, 1, 0, 0, 0, nil]).risk == .moderate)
        #expect(try Self.score(.cssrsScreen, [0, 0, nil, nil, nil, 1, 0]).risk == .moderate, "behaviour in the lifetime only")
        let recent = try Self.score(.cssrsScreen, [0, 0, nil, nil, nil, 1, 1])
        #expect(recent.risk == .high && recent.flags == [.suicidality])
        #expect(try Self.score(.cssrsScreen, [1, 1, 1, 1, 0, 0, nil]).risk == .high)
        #expect(try Self.score(.cssrsScreen, [1, 1, 0, 0, 1, 0, nil]).risk == .high)
        #expect(try Self.score(.cssrsScreen, [1, 1, 1, 0, 0, 0, nil]).flags == [.suicidality], "moderate raises the flag")
    }

    @Test func cssrsSkipRules() {
        let instrument = Instrument.named(.cssrsScreen)
        #expect(throws: ValidationError([FieldError("answers[2]", "item 3 (Suicidal thoughts with method, without intent (past month)) must be answered: a whole number from 0 to 1")])) {
            _ = try instrument.score([.number(1), .number(1), .skipped, .number(0), .number(0), .number(0), .skipped])
        }
        do {
            _ = try instrument.score([.number(0), .number(0), .number(1), .skipped, .skipped, .number(0), .skipped])
            Issue.record("a yes to a skipped question must be refused")
        } catch {
            #expect(error.errors.map(\.field) == ["answers[2]"])
            #expect(error.errors[0].message.contains("skipped"))
        }
        #expect(throws: Never.self, "yes and no may be sent as true and false") {
            _ = try instrument.score([.number(1), .number(0), .skipped, .skipped, .skipped, .number(0), .number(0)])
        }
    }

    @Test func badAnswersAreRefusedNamingTheItem() throws {
        let phq9 = Instrument.named(.phq9)
        #expect(throws: ValidationError("answers", "must hold 9 answers, one per item (1, 2, 3, 4, 5, 6, 7, 8, 9); got 8")) {
            _ = try phq9.score(Array(repeating: .number(0), count: 8))
        }
        var answers: [RawAnswer] = Array(repeating: .number(0), count: 9)
        answers[3] = .number(4)
        answers[4] = .number(1.5)
        answers[5] = .invalid("the text \"two\"")
        answers[6] = .skipped
        answers[7] = .number(-1)
        do {
            _ = try phq9.score(answers)
            Issue.record("out-of-range answers must be refused")
        } catch {
            #expect(error.errors.map(\.field) == ["answers[3]", "answers[4]", "answers[5]", "answers[6]", "answers[7]"])
            #expect(error.errors[0].message == "item 4 (Tired, little energy) must be a whole number from 0 to 3, not 4")
            #expect(error.errors[1].message.hasSuffix("not 1.5"))
        }
    }

    /// Property: for random answers on every scale, totals stay within range, and raising any one
    /// answer never lowers the total.
    @Test(arguments: InstrumentID.allCases.filter { $0 != .cssrsScreen })
    func totalsStayInRangeAndNeverFallWhenAnAnswerRises(id: InstrumentID) throws {
        let instrument = Instrument.named(id)
        var generator = SeededGenerator(seed: UInt64(id.rawValue.count * 7919))
        for _ in 0..<300 {
            let values = instrument.items.map { Int.random(in: $0.range, using: &generator) }
            let score = try Self.score(id, values)
            #expect(instrument.totalRange!.contains(score.total!))
            let index = Int.random(in: 0..<values.count, using: &generator)
            guard values[index] < instrument.items[index].range.upperBound else { continue }
            var raised = values
            raised[index] += 1
            #expect(try Self.score(id, raised).total! >= score.total!, "\(id) \(values) item \(index + 1)")
        }
    }

    @Test func everyInstrumentIsWellFormed() {
        for instrument in Instrument.all.values {
            #expect(!instrument.source.isEmpty && !instrument.items.isEmpty)
            if let range = instrument.totalRange, !instrument.bands.isEmpty {
                let covered = instrument.bands.flatMap { Array($0.range) }
                #expect(covered == Array(range) || covered.sorted() == Array(range), "\(instrument.id) bands cover every total once")
            }
        }
        #expect(Instrument.named(.phq9).items.compactMap(\.loinc).count == 9)
        #expect(Instrument.all.values.filter(\.canBeSentToPatients).map(\.id).sorted { $0.rawValue < $1.rawValue } == [.gad7, .phq9, .who5])
    }
}
