import Foundation
import VigilCore

/// A server-drawn SVG of a session's vitals: systolic and diastolic pressure, heart rate and SpO2
/// over time, with the clinic's alert thresholds drawn as dashed lines and the dose marked.
enum VitalsChart {
    static let width = 640.0, height = 260.0
    static let left = 40.0, right = 16.0, top = 12.0, bottom = 28.0
    /// One scale for every series: mmHg, beats a minute and % all fit in 40–220.
    static let floor = 40.0, ceiling = 220.0

    static func svg(_ session: DosingSession, rules: SessionRules, clock: (Date) -> String) -> String {
        let readings = session.vitals
        guard let first = readings.first?.takenAt, let last = readings.last?.takenAt else { return "" }
        let start = min(first, session.doseStartedAt ?? first)
        let span = max(last.timeIntervalSince(start), 30 * 60)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ date: Date) -> Double { left + date.timeIntervalSince(start) / span * plotWidth }
        func y(_ value: Int) -> Double { top + plotHeight * (1 - (min(max(Double(value), floor), ceiling) - floor) / (ceiling - floor)) }
        let f = SVGText.number
        var parts = [
            #"<svg class="vitals-chart" viewBox="0 0 \#(Int(width)) \#(Int(height))" role="img" aria-labelledby="vitals-title" xmlns="http://www.w3.org/2000/svg">"#,
            #"<title id="vitals-title">Vitals across the session: blood pressure, heart rate and SpO2 with the alert thresholds</title>"#,
        ]
        for value in stride(from: 60, through: 220, by: 40) {
            parts.append(#"<line class="grid" x1="\#(f(left))" x2="\#(f(width - right))" y1="\#(f(y(value)))" y2="\#(f(y(value)))"/><text class="axis" x="4" y="\#(f(y(value) + 4))">\#(value)</text>"#)
        }
        let thresholds: [(SessionRule, String)] = [(.alertSystolicAtLeast, "systolic alert"), (.alertDiastolicAtLeast, "diastolic alert"),
                                                   (.alertHeartRateAbove, "heart-rate alert"), (.alertSpo2Below, "SpO2 alert")]
        for (rule, label) in thresholds {
            let value = rules[rule]
            parts.append(#"<line class="threshold" x1="\#(f(left))" x2="\#(f(width - right))" y1="\#(f(y(value)))" y2="\#(f(y(value)))"><title>\#(label) \#(value)</title></line>"#)
            parts.append(#"<text class="axis" x="\#(f(width - right - 110))" y="\#(f(y(value) - 3))">\#(label) \#(value)</text>"#)
        }
        if let dosed = session.doseStartedAt {
            parts.append(#"<line class="dose" x1="\#(f(x(dosed)))" x2="\#(f(x(dosed)))" y1="\#(f(top))" y2="\#(f(height - bottom))"/><text class="axis" x="\#(f(x(dosed) + 3))" y="\#(f(height - bottom - 4))">dose</text>"#)
        }
        let series: [(String, (VitalSigns) -> Int)] = [("systolic", \.systolic), ("diastolic", \.diastolic), ("heart-rate", \.heartRate), ("spo2", \.spo2)]
        for (name, value) in series {
            let points = readings.map { "\(f(x($0.takenAt))),\(f(y(value($0))))" }.joined(separator: " ")
            parts.append(#"<polyline class="series \#(name)" points="\#(points)"/>"#)
            for reading in readings {
                parts.append(#"<circle class="series \#(name)" cx="\#(f(x(reading.takenAt)))" cy="\#(f(y(value(reading))))" r="3"><title>\#(name) \#(value(reading))</title></circle>"#)
            }
        }
        for date in [start, last] {
            parts.append(#"<text class="axis" x="\#(f(min(x(date), width - right - 34)))" y="\#(f(height - 8))">\#(clock(date))</text>"#)
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
