import Foundation

/// A date the clinic is closed although its weekly hours say open: a public holiday, a staff day.
public struct ClosedDate: Sendable, Equatable, Codable {
    public let date: CalendarDate
    public let name: String

    public init(date: CalendarDate, name: String) {
        self.date = date
        self.name = name
    }

    /// "2026-12-25 Christmas Day", one a line, as the settings keep them and the API sends them.
    public var line: String { "\(date) \(name)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let read = Self.parse([text]).dates.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date and a name: \(text.prefix(60))"))
        }
        self = read
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(line)
    }

    /// The most a clinic lists: a year of dates, and a bound on the work every plan does with them.
    public static let maximumCount = 366

    /// Reads lines of "YYYY-MM-DD name", sorted by date; `unreadable` is the first line that is not one.
    public static func parse(_ lines: [String]) -> (dates: [ClosedDate], unreadable: String?) {
        var dates: [ClosedDate] = []
        for raw in lines {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            let date = CalendarDate(String(line.prefix(10)))
            let name = line.dropFirst(10).trimmingCharacters(in: .whitespaces)
            guard let date, (1...100).contains(name.count) else { return (dates, line) }
            dates.append(ClosedDate(date: date, name: name))
        }
        return (dates.sorted { $0.date < $1.date }, nil)
    }
}

/// The days the clinic doses: its weekly opening hours, less the dates it is closed. Plans and
/// bookings ask it, so a session is never planned or booked on a closed day (clinic-day issue,
/// finding 5: sessions on Sundays and on 25 December).
public struct ClinicDays: Sendable, Equatable {
    public let hours: OpeningHours
    public let closed: [ClosedDate]
    /// The closures by date: every slot a booking tries asks, so the lookup is constant.
    private let byDate: [CalendarDate: ClosedDate]

    public init(hours: OpeningHours, closed: [ClosedDate] = []) {
        self.hours = hours
        self.closed = closed
        byDate = Dictionary(closed.map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The hours on `date`, nil when the clinic is closed that day.
    public func hours(on date: CalendarDate) -> OpeningHours.Day? { closure(on: date) == nil ? hours.hours(on: date) : nil }

    /// The listed closure on `date`, if any.
    public func closure(on date: CalendarDate) -> ClosedDate? { byDate[date] }

    /// The first open day on or after `date`, within a year (nil when the clinic never opens).
    public func firstOpen(onOrAfter date: CalendarDate) -> CalendarDate? {
        (0...366).lazy.map { date.adding(days: $0) }.first { hours(on: $0) != nil }
    }

    /// Why the clinic is closed on `date`, or nil when it is open.
    public func closedReason(on date: CalendarDate) -> String? {
        let day = "\(OpeningHours.dayName(date.weekday)) \(date)"
        if let closure = closure(on: date) { return "the clinic is closed on \(day) (\(closure.name))" }
        return hours.hours(on: date) == nil ? "the clinic is closed on \(day)" : nil
    }
}
