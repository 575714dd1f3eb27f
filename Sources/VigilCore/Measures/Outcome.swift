import Foundation

/// Where a patient stands on one symptom scale, against their baseline, with the reasons.
public struct Outcome: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case remission, response, relapse, partial, none

        /// The words on the chart.
        public var label: String {
            switch self {
            case .partial: "partial response"
            case .none: "no response yet"
            default: rawValue
            }
        }
    }

    /// One scored measure on the scale, as the rules need it.
    public struct Point: Sendable, Equatable {
        public let total: Int
        public let takenAt: Date
        public let timing: AssessmentTiming?

        public init(total: Int, takenAt: Date, timing: AssessmentTiming? = nil) {
            self.total = total
            self.takenAt = takenAt
            self.timing = timing
        }
    }

    /// A pre-dose score and the next post-dose or next-day score.
    public struct RapidResponse: Sendable, Equatable {
        public let preDose: Point
        public let after: Point
        public let percentChange: Double?
        /// A reduction of 50 % or more (the response rule applied to the dose).
        public let met: Bool
    }

    public let baseline: Point
    public let latest: Point
    public let change: Int
    /// Negative is a reduction; nil when the baseline is 0.
    public let percentChange: Double?
    public let status: Status
    public let firstResponseAt: Date?
    public let firstRemissionAt: Date?
    public let rapidResponse: RapidResponse?
    public let reasons: [String]
}

/// The rules that turn a series of totals into an outcome.
///
/// - Response: a reduction of 50 % or more from baseline (clinical reference §4, "response on any scale").
/// - Remission: the instrument's cut-off (PHQ-9 < 5, GAD-7 < 5, QIDS-SR16 ≤ 5 (STAR*D), MADRS ≤ the
///   clinic's setting, default 10; clinical reference §4).
/// - Partial response: a reduction of 25–49 % (common practice; issue 4).
/// - Relapse: response was met after the baseline, and now the total is above half the baseline and
///   in the moderate band or worse (issue 4; practice).
/// - Rapid response: a pre-dose total against the post-dose total, or else the next total, within
///   48 hours (ketamine trials read response at 24 hours; the window allows a next-day visit).
///
/// The baseline is the latest assessment marked `baseline`, else the first one; only totals after
/// it count, so a new course can start from a new baseline.
public enum OutcomeRules {
    public typealias Point = Outcome.Point

    public static let responseReduction = 50.0
    public static let partialReduction = 25.0
    public static let rapidWindow: TimeInterval = 48 * 3600

    /// `remissionAtMost` overrides the instrument's cut-off (the clinic's MADRS setting).
    public static func evaluate(_ instrument: Instrument, points: [Point], remissionAtMost: Int? = nil) -> Outcome? {
        guard instrument.tracksOutcomes, !points.isEmpty else { return nil }
        let sorted = points.sorted { $0.takenAt < $1.takenAt }
        let baselineIndex = sorted.lastIndex { $0.timing == .baseline } ?? 0
        let baseline = sorted[baselineIndex]
        let series = Array(sorted[baselineIndex...])
        let latest = series.last!
        let cutOff = remissionAtMost ?? instrument.remissionAtMost!
        let moderate = instrument.moderateFrom!

        func reduction(_ total: Int) -> Double? {
            baseline.total == 0 ? nil : Double(baseline.total - total) / Double(baseline.total) * 100
        }
        func responded(_ point: Point) -> Bool { (reduction(point.total) ?? 0) >= responseReduction }
        let after = series.dropFirst()
        let firstResponse = after.first(where: responded)
        let firstRemission = after.first { $0.total <= cutOff }
        let percent = reduction(latest.total)
        let latestReduction = percent ?? 0
        let name = instrument.name
        let remissionText = "\(name) remission is \(cutOff) or less"

        var reasons = ["Baseline \(name) \(baseline.total)\(baseline.timing == .baseline ? " (marked baseline)" : " (first recorded)"); latest \(latest.total)."]
        if series.count == 1 {
            reasons.append("Only the baseline has been recorded; response needs a later score.")
        } else if let percent {
            reasons.append("Change \(latest.total - baseline.total) (\(formatted(-percent)) %).")
        } else {
            reasons.append("The baseline is 0, so no percentage change can be computed.")
        }
        let status: Outcome.Status
        if series.count > 1 && latest.total <= cutOff {
            status = .remission
            reasons.append("Latest \(latest.total): \(remissionText).")
        } else if series.count > 1 && latestReduction >= responseReduction {
            status = .response
            reasons.append("Reduction \(formatted(latestReduction)) %: response is a reduction of 50 % or more.")
        } else if let firstResponse, firstResponse.takenAt < latest.takenAt,
                  Double(latest.total) > Double(baseline.total) / 2, latest.total >= moderate {
            status = .relapse
            reasons.append("Response was met on \(day(firstResponse.takenAt)); the latest \(latest.total) is above half the baseline and in the moderate band or worse (\(moderate)+).")
        } else if series.count > 1 && latestReduction >= partialReduction {
            status = .partial
            reasons.append("Reduction \(formatted(latestReduction)) %: partial response is 25–49 %.")
        } else {
            status = .none
            if series.count > 1 { reasons.append("Reduction below 25 %: no response yet.") }
        }
        return Outcome(baseline: baseline, latest: latest, change: latest.total - baseline.total, percentChange: percent.map { -$0 },
                       status: status, firstResponseAt: firstResponse?.takenAt, firstRemissionAt: firstRemission?.takenAt,
                       rapidResponse: rapidResponse(in: sorted), reasons: reasons)
    }

    /// The latest pre-dose total followed within 48 hours by a post-dose total, or else by any total.
    static func rapidResponse(in sorted: [Point]) -> Outcome.RapidResponse? {
        for (index, pre) in sorted.enumerated().reversed() where pre.timing == .preDose {
            let window = sorted[(index + 1)...].prefix { $0.takenAt.timeIntervalSince(pre.takenAt) <= rapidWindow }
            guard let next = window.first(where: { $0.timing == .postDose }) ?? window.first else { continue }
            let percent = pre.total == 0 ? nil : Double(next.total - pre.total) / Double(pre.total) * 100
            return Outcome.RapidResponse(preDose: pre, after: next, percentChange: percent, met: (percent ?? 0) <= -responseReduction)
        }
        return nil
    }

    public static func formatted(_ value: Double) -> String {
        let rounded = value.rounded()
        return Int(exactly: rounded).map(String.init) ?? String(rounded)
    }

    private static func day(_ date: Date) -> String {
        CalendarDate(date, in: .gmt).description
    }
}

extension OutcomeRules {
    /// The outcome on one instrument from a patient's assessments, with the clinic's cut-off.
    public static func evaluate(_ instrument: Instrument, assessments: [Assessment], settings: ClinicSettings) -> Outcome? {
        let points = assessments.filter { $0.instrument == instrument.id }.compactMap { assessment in
            assessment.score.total.map { Point(total: $0, takenAt: assessment.takenAt, timing: assessment.timing) }
        }
        return evaluate(instrument, points: points, remissionAtMost: settings.remissionAtMost(instrument.id))
    }
}
