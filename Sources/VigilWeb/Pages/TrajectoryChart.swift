import Foundation
import VigilCore

/// A server-drawn SVG line chart of one instrument's totals over time: the severity bands behind,
/// the baseline and the response line (half the baseline) dashed, the remission cut-off, and a
/// titled point for each score. Readable without JavaScript; the page puts a table beside it.
struct TrajectoryChart {
    let instrument: Instrument
    let assessments: [Assessment]
    let outcome: Outcome?
    let remissionAtMost: Int?

    static let width = 640.0, height = 240.0
    static let left = 36.0, right = 150.0, top = 12.0, bottom = 28.0

    /// The SVG markup; every piece of text in it is escaped.
    var svg: String {
        let points = assessments.compactMap { a in a.score.total.map { (a.takenAt, $0, a) } }
        guard let range = instrument.totalRange, let first = points.first, let last = points.last else { return "" }
        let plotWidth = Self.width - Self.left - Self.right, plotHeight = Self.height - Self.top - Self.bottom
        let span = max(last.0.timeIntervalSince(first.0), 1)
        func x(_ date: Date) -> Double {
            points.count == 1 ? Self.left + plotWidth / 2 : Self.left + date.timeIntervalSince(first.0) / span * plotWidth
        }
        func y(_ value: Double) -> Double {
            Self.top + plotHeight * (1 - (value - Double(range.lowerBound)) / Double(range.upperBound - range.lowerBound))
        }
        let titleID = "trajectory-\(instrument.id.rawValue)-title", descID = "trajectory-\(instrument.id.rawValue)-desc"
        var parts = [
            #"<svg class="trajectory" viewBox="0 0 \#(Int(Self.width)) \#(Int(Self.height))" role="img" aria-labelledby="\#(titleID) \#(descID)" xmlns="http://www.w3.org/2000/svg">"#,
            "<title id=\"\(titleID)\">\(escape(instrument.name)) over time</title>",
            "<desc id=\"\(descID)\">\(escape(description(points.map { ($0.0, $0.1) })))</desc>",
        ]
        for (index, band) in instrument.bands.enumerated() {
            let top = y(Double(band.range.upperBound) + (band.range.upperBound == range.upperBound ? 0 : 0.5))
            let bottom = y(Double(band.range.lowerBound) - (band.range.lowerBound == range.lowerBound ? 0 : 0.5))
            parts.append(#"<rect class="band band-\#(index % 5)" x="\#(f(Self.left))" y="\#(f(top))" width="\#(f(plotWidth))" height="\#(f(bottom - top))"/>"#)
            parts.append(#"<text class="band-label" x="\#(f(Self.left + plotWidth + 6))" y="\#(f((top + bottom) / 2 + 4))">\#(escape(band.name))</text>"#)
        }
        for tick in stride(from: range.lowerBound, through: range.upperBound, by: max(1, (range.upperBound - range.lowerBound) / 4)) {
            parts.append(#"<text class="axis" x="\#(f(Self.left - 6))" y="\#(f(y(Double(tick)) + 4))" text-anchor="end">\#(tick)</text>"#)
        }
        func line(_ value: Double, _ kind: String, _ label: String) {
            parts.append(#"<line class="\#(kind)" x1="\#(f(Self.left))" x2="\#(f(Self.left + plotWidth))" y1="\#(f(y(value)))" y2="\#(f(y(value)))"><title>\#(escape(label))</title></line>"#)
        }
        if let outcome, instrument.lowerIsBetter {
            line(Double(outcome.baseline.total), "baseline", "Baseline \(outcome.baseline.total)")
            line(Double(outcome.baseline.total) / 2, "response-line", "Response: at or below \(formatted(Double(outcome.baseline.total) / 2)) (50 % of baseline)")
        }
        if let remissionAtMost { line(Double(remissionAtMost) + 0.5, "remission-line", "Remission: \(remissionAtMost) or less") }
        let path = points.map { "\(f(x($0.0))),\(f(y(Double($0.1))))" }.joined(separator: " ")
        parts.append(#"<polyline class="series" points="\#(path)"/>"#)
        for (date, total, assessment) in points {
            let flagged = assessment.score.flags.contains(.suicidality)
            let label = "\(day(date)): \(total)\(assessment.score.severity.map { " (\($0))" } ?? "")\(assessment.timing.map { ", \($0.rawValue)" } ?? "")\(flagged ? ", suicidality flag" : "")"
            parts.append(#"<circle class="point\#(flagged ? " flagged" : "")" cx="\#(f(x(date)))" cy="\#(f(y(Double(total))))" r="5"><title>\#(escape(label))</title></circle>"#)
        }
        parts.append(#"<text class="axis" x="\#(f(Self.left))" y="\#(f(Self.height - 8))">\#(day(first.0))</text>"#)
        if points.count > 1 {
            parts.append(#"<text class="axis" x="\#(f(Self.left + plotWidth))" y="\#(f(Self.height - 8))" text-anchor="end">\#(day(last.0))</text>"#)
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private func description(_ points: [(Date, Int)]) -> String {
        let series = points.map { "\(day($0.0)) \($0.1)" }.joined(separator: "; ")
        let status = outcome.map { " Status: \($0.status.rawValue)." } ?? ""
        return "\(points.count) score\(points.count == 1 ? "" : "s"): \(series).\(status)"
    }

    private func day(_ date: Date) -> String { CalendarDate(date, in: .gmt).description }
    private func f(_ value: Double) -> String { SVGText.number(value) }
    private func formatted(_ value: Double) -> String { value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value) }

    private func escape(_ text: String) -> String { SVGText.escape(text) }
}
