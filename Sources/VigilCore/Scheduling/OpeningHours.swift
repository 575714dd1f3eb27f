import Foundation

/// When the clinic doses patients, day by day, as wall-clock minutes in the clinic's time zone.
/// Written and read as text: `mon 08:00-18:00; tue 08:00-18:00; sat 09:00-13:00` (days not named are closed).
public struct OpeningHours: Sendable, Equatable, Codable, CustomStringConvertible {
    public struct Day: Sendable, Equatable {
        public let opens: Int
        public let closes: Int
    }

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// By ISO weekday, 1 (Monday) to 7.
    public let days: [Int: Day]

    /// Vigil's default, to be set by each clinic: weekdays 08:00–18:00.
    public static let standard = OpeningHours("mon 08:00-18:00; tue 08:00-18:00; wed 08:00-18:00; thu 08:00-18:00; fri 08:00-18:00")!

    public init?(_ text: String) {
        var days: [Int: Day] = [:]
        for part in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            let words = part.lowercased().split(separator: " ", omittingEmptySubsequences: true)
            guard words.count == 2, let weekday = Self.dayNames.firstIndex(of: String(words[0])).map({ $0 + 1 }), days[weekday] == nil
            else { return nil }
            let times = words[1].split(separator: "-")
            guard times.count == 2, let opens = Self.minutes(String(times[0])), let closes = Self.minutes(String(times[1])), opens < closes
            else { return nil }
            days[weekday] = Day(opens: opens, closes: closes)
        }
        guard !days.isEmpty else { return nil }
        self.days = days
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let hours = OpeningHours(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected opening hours as \"mon 08:00-18:00; …\""))
        }
        self = hours
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        days.keys.sorted().map { "\(Self.dayNames[$0 - 1]) \(Self.clock(days[$0]!.opens))-\(Self.clock(days[$0]!.closes))" }.joined(separator: "; ")
    }

    public func hours(on date: CalendarDate) -> Day? { days[date.weekday] }

    /// "08:00" → 480; nil unless a 24-hour time with two-digit hours and minutes.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard text.count == 5, parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0...24).contains(hours), (0...59).contains(minutes), hours * 60 + minutes <= 24 * 60 else { return nil }
        return hours * 60 + minutes
    }

    /// 480 → "08:00".
    public static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

    public static func dayName(_ weekday: Int) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday - 1]
    }
}
