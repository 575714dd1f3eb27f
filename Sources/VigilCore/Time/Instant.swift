import Foundation

/// Instants are exchanged and stored as RFC 3339 in UTC with millisecond precision
/// (`2026-11-21T14:18:43.123Z`). At that fixed width the text sorts in time order, which is what
/// lets one schema hold instants the same way on SQLite and PostgreSQL, and the text round-trips
/// exactly, which the audit hash chain depends on.
public enum Instant {
    private static let seconds = Date.ISO8601FormatStyle(timeZone: .gmt)
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// The canonical text of an instant, at the nearest millisecond.
    public static func format(_ date: Date) -> String {
        let millis = milliseconds(date)
        let whole = Date(timeIntervalSince1970: Double(millis.quotientFloor(1000)))
        let text = seconds.format(whole)
        let fraction = String(millis.moduloFloor(1000))
        return String(text.dropLast()) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
    }

    /// Parses RFC 3339 with or without fractional seconds, in UTC or with an offset.
    public static func parse(_ text: String) -> Date? {
        guard let date = (try? fractional.parse(text)) ?? (try? seconds.parse(text)) else { return nil }
        return truncated(date)
    }

    /// The instant at the nearest millisecond, so that a stored instant reads back equal to itself.
    public static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }

    private static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

private extension Int64 {
    func quotientFloor(_ divisor: Int64) -> Int64 { (self - moduloFloor(divisor)) / divisor }
    func moduloFloor(_ divisor: Int64) -> Int64 { ((self % divisor) + divisor) % divisor }
}
