import Foundation
import VigilCore

extension Date {
    /// An instant as pages show it: to the minute, in UTC, saying so ("2026-11-21 09:30 UTC").
    var shown: String {
        Instant.format(self).prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC"
    }
}
