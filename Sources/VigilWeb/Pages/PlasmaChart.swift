import Foundation
import VigilCore

/// A server-drawn SVG of the plasma-concentration preview: the curve over four hours, the band
/// where dissociation is commonly reported, the infusion's end and the peak. Labelled as a
/// population estimate; the page prints the caution beside it.
struct PlasmaChart {
    let preview: PlasmaPreview

    static let width = 640.0, height = 240.0
    static let left = 44.0, right = 16.0, top = 14.0, bottom = 30.0

    var svg: String {
        let points = preview.points
        let maxMinute = points.last?.minute ?? 240
        let ceiling = max(300, (preview.peak.ngPerML / 50).rounded(.up) * 50)
        let plotWidth = Self.width - Self.left - Self.right, plotHeight = Self.height - Self.top - Self.bottom
        func x(_ minute: Double) -> Double { Self.left + minute / maxMinute * plotWidth }
        func y(_ value: Double) -> Double { Self.top + plotHeight * (1 - value / ceiling) }
        let f = SVGText.number, band = PlasmaModel.dissociationBand
        let peak = preview.peak
        let summary = "Estimated peak \(Int(peak.ngPerML.rounded())) ng/mL at \(Int(peak.minute)) minutes for \(Dose.formatted(preview.doseMg)) mg at \(Dose.formatted(preview.weightKg)) kg; the band where dissociation is commonly reported is \(Int(band.lowerBound))–\(Int(band.upperBound)) ng/mL."
        var parts = [
            #"<svg class="plasma" viewBox="0 0 \#(Int(Self.width)) \#(Int(Self.height))" role="img" aria-labelledby="plasma-title plasma-desc" xmlns="http://www.w3.org/2000/svg">"#,
            "<title id=\"plasma-title\">Plasma concentration: population estimate (\(SVGText.escape(preview.model.name)) model), not a dosing instruction</title>",
            "<desc id=\"plasma-desc\">\(SVGText.escape(summary))</desc>",
            #"<rect class="dissociation" x="\#(f(Self.left))" y="\#(f(y(band.upperBound)))" width="\#(f(plotWidth))" height="\#(f(y(band.lowerBound) - y(band.upperBound)))"><title>Dissociation commonly reported at \#(Int(band.lowerBound))–\#(Int(band.upperBound)) ng/mL</title></rect>"#,
            #"<text class="axis" x="\#(f(Self.left + 6))" y="\#(f(y(band.upperBound) + 14))">dissociation commonly reported</text>"#,
        ]
        for tick in stride(from: 0.0, through: ceiling, by: ceiling / 4) {
            parts.append(#"<text class="axis" x="\#(f(Self.left - 6))" y="\#(f(y(tick) + 4))" text-anchor="end">\#(Int(tick))</text>"#)
        }
        for minute in stride(from: 0.0, through: maxMinute, by: 60) {
            parts.append(#"<text class="axis" x="\#(f(x(minute)))" y="\#(f(Self.height - 10))" text-anchor="middle">\#(Int(minute)) min</text>"#)
        }
        if preview.infusionMinutes > 1 {
            parts.append(#"<line class="infusion-end" x1="\#(f(x(preview.infusionMinutes)))" x2="\#(f(x(preview.infusionMinutes)))" y1="\#(f(Self.top))" y2="\#(f(Self.top + plotHeight))"><title>Infusion ends at \#(Int(preview.infusionMinutes)) minutes</title></line>"#)
        }
        parts.append(#"<polyline class="curve" points="\#(points.map { "\(f(x($0.minute))),\(f(y($0.ngPerML)))" }.joined(separator: " "))"/>"#)
        parts.append(#"<circle class="peak" cx="\#(f(x(peak.minute)))" cy="\#(f(y(peak.ngPerML)))" r="4"><title>Estimated peak \#(Int(peak.ngPerML.rounded())) ng/mL at \#(Int(peak.minute)) min</title></circle>"#)
        parts.append(#"<text class="axis" x="\#(f(Self.left))" y="\#(f(Self.top - 2))">ng/mL (estimate)</text>"#)
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
