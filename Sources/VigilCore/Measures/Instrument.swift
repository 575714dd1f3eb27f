import Foundation

/// The rating scales Vigil scores.
public enum InstrumentID: String, Sendable, Codable, CaseIterable {
    case phq9, gad7
    case qidsSR16 = "qids-sr16"
    case madrs, cadss6
    case cssrsScreen = "cssrs-screen"
    case who5, moaas
}

/// A rating scale as data: its items and answers, how it is scored, its bands and cut-offs, its
/// codes and where each number comes from (clinical reference §4–5). Item text ships only where the
/// instrument may be reproduced freely; otherwise only short labels do, and staff score from their
/// licensed paper form.
public struct Instrument: Sendable, Identifiable {
    /// Who answers: the patient (self-report, may be sent as a link) or a trained rater.
    public enum Rater: String, Sendable, Codable, CaseIterable {
        case patient, clinician
    }

    public struct Answer: Sendable, Equatable {
        public let value: Int
        public let label: String
        /// LOINC answer code, where one exists (PHQ answers LA6568-5…; clinical reference §5).
        public let loinc: String?

        public init(_ value: Int, _ label: String, loinc: String? = nil) {
            self.value = value
            self.label = label
            self.loinc = loinc
        }
    }

    public struct Item: Sendable {
        /// The item's number as printed on the form ("1", "6b").
        public let code: String
        public let label: String
        /// The question as printed; nil where the instrument's licence does not let Vigil ship it.
        public let text: String?
        public let answers: [Answer]
        public let loinc: String?

        public init(_ code: String, _ label: String, text: String? = nil, answers: [Answer], loinc: String? = nil) {
            self.code = code
            self.label = label
            self.text = text
            self.answers = answers
            self.loinc = loinc
        }

        public var range: ClosedRange<Int> { answers.map(\.value).min()! ... answers.map(\.value).max()! }

        public func answer(_ value: Int) -> Answer? { answers.first { $0.value == value } }
    }

    /// A named range of totals.
    public struct Band: Sendable, Equatable {
        public let name: String
        public let range: ClosedRange<Int>

        public init(_ name: String, _ range: ClosedRange<Int>) {
            self.name = name
            self.range = range
        }
    }

    /// How the answers become a total.
    public enum Scoring: Sendable {
        /// The sum of the item values.
        case sum
        /// The sum of domain scores, each the highest of its items (QIDS-SR16).
        case domainMaximum([Domain])
        /// The sum of the item values times a factor (WHO-5: raw 0–25 × 4 → 0–100).
        case scaledSum(factor: Int)
        /// No total: a risk level from which questions were answered yes (C-SSRS screener).
        case riskTriage
    }

    /// A QIDS-SR16 scoring domain: the items whose highest value counts once.
    public struct Domain: Sendable {
        public let name: String
        public let items: [Int]

        public init(_ name: String, _ items: [Int]) {
            self.name = name
            self.items = items
        }
    }

    public let id: InstrumentID
    public let version: String
    /// The short name staff use ("PHQ-9").
    public let name: String
    public let title: String
    /// The stem above the items, where it may be reproduced ("Over the last 2 weeks, …").
    public let prompt: String?
    public let rater: Rater
    public let items: [Item]
    public let scoring: Scoring
    /// The possible totals (nil: no total).
    public let totalRange: ClosedRange<Int>?
    public let bands: [Band]
    /// The lowest total of the "moderate" band, the line the relapse rule uses (nil: not a symptom scale).
    public let moderateFrom: Int?
    /// The highest total counted as remission by default (nil: no remission cut-off).
    public let remissionAtMost: Int?
    /// Whether a lower total is better (depression and anxiety scales) or worse (WHO-5).
    public let lowerIsBetter: Bool
    /// Symptom groups for the chart (Vigil's own presentation; see `SymptomGroup`).
    public let symptomGroups: [SymptomGroup: [Int]]
    public let loincPanel: String?
    public let loincTotal: String?
    public let source: String

    public init(id: InstrumentID, version: String, name: String, title: String, prompt: String?, rater: Rater, items: [Item],
                scoring: Scoring, totalRange: ClosedRange<Int>?, bands: [Band], moderateFrom: Int? = nil, remissionAtMost: Int? = nil,
                lowerIsBetter: Bool = true, symptomGroups: [SymptomGroup: [Int]] = [:], loincPanel: String? = nil, loincTotal: String? = nil,
                source: String) {
        self.id = id
        self.version = version
        self.name = name
        self.title = title
        self.prompt = prompt
        self.rater = rater
        self.items = items
        self.scoring = scoring
        self.totalRange = totalRange
        self.bands = bands
        self.moderateFrom = moderateFrom
        self.remissionAtMost = remissionAtMost
        self.lowerIsBetter = lowerIsBetter
        self.symptomGroups = symptomGroups
        self.loincPanel = loincPanel
        self.loincTotal = loincTotal
        self.source = source
    }

    /// The band a total falls in.
    public func band(for total: Int) -> Band? {
        bands.first { $0.range.contains(total) }
    }

    /// Whether outcomes (response, remission, relapse) are computed for this scale.
    public var tracksOutcomes: Bool { remissionAtMost != nil && moderateFrom != nil }

    /// The item that asks about suicidal thoughts, the answer it must exceed to raise the urgent
    /// suicidality flag, and the lesser answer from which it raises the review flag: PHQ-9 item 9
    /// above 0 (Kroenke 2001; clinical reference §4), QIDS-SR16 item 12 above 0, MADRS item 10 at 4
    /// or more (issue 4), and for review at 2–3 — "weary of life; only fleeting suicidal thoughts"
    /// (Montgomery & Åsberg 1979 anchors; PMC4350518 Table 1; clinical review F-M2). The C-SSRS
    /// screener flags by risk level.
    public var suicidalityItem: (index: Int, above: Int, reviewFrom: Int?)? {
        switch id {
        case .phq9: (8, 0, nil)
        case .qidsSR16: (11, 0, nil)
        case .madrs: (9, 3, 2)
        default: nil
        }
    }

    /// Whether Vigil may show the full questions, which a patient answering by link needs.
    public var canBeSentToPatients: Bool { rater == .patient && items.allSatisfy { $0.text != nil } }
}

extension Instrument {
    /// Every instrument Vigil ships, by id.
    public static let all: [InstrumentID: Instrument] = Dictionary(uniqueKeysWithValues: [
        phq9, gad7, qidsSR16, madrs, cadss6, cssrsScreen, who5, moaas,
    ].map { ($0.id, $0) })

    public static func named(_ id: InstrumentID) -> Instrument { all[id]! }
}
