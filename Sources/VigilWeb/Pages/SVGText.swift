import Foundation

/// Text and numbers as the server-drawn charts write them into SVG.
enum SVGText {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A coordinate to one decimal.
    static func number(_ value: Double) -> String { String(format: "%.1f", value) }
}
