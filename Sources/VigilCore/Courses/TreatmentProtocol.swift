import Foundation

/// How a course of one drug by one route is dosed and scheduled: declared data with its source.
/// Vigil ships a library of built-in protocols; a clinic copies one and edits the copy, and every
/// edit makes a new version. A course keeps the exact protocol version it started with.
public struct TreatmentProtocol: Sendable, Equatable, Codable {
    public enum Drug: String, Sendable, Codable, CaseIterable {
        case ketamine = "ketamine-hcl"
        case esketamine

        public var title: String { self == .ketamine ? "Ketamine HCl (racemic)" : "Esketamine" }
    }

    /// The short name a course refers to: `iv-ketamine`, or a clinic's own such as `iv-ketamine-slow`.
    public var id: String
    public var version: Int
    public var name: String
    public var route: TreatmentRoute
    public var drug: Drug
    /// Marked where the route is not approved for depression, so the chart and consent say so.
    public var offLabel: Bool
    /// Where the numbers come from, for a reviewer to check.
    public var source: String
    public var dosing: Dosing
    public var phases: [SchedulePhase]
    /// When boosters are given after the planned sessions, where the protocol has a view on it.
    public var boosterNote: String?
    /// Minutes the drug runs in for an infusion; nil for other routes.
    public var infusionMinutes: Int?
    /// Chair time booked for a session by default, and the least the clinic may book.
    public var chairMinutes: Int
    public var minimumChairMinutes: Int
    /// The fewest calendar days between two doses of one course.
    public var minimumDaysApart: Int
    /// The built-in protocol and version a clinic copy came from.
    public var basedOn: String?
    public var builtIn: Bool
    /// The prescriber who signed this version of a clinic protocol, and when: an admin drafts a
    /// version, and it takes effect for new courses only once signed (clinical-safety issue,
    /// finding 2: protocols were edited by the admin role, which is not a clinical role). Read from
    /// the signatures table, never from the stored definition. Built-ins need none.
    public var signedByName: String?
    public var signedAt: Date?

    /// Whether new courses may follow this version.
    public var inEffect: Bool { builtIn || signedAt != nil }

    public init(id: String, version: Int = 1, name: String, route: TreatmentRoute, drug: Drug, offLabel: Bool, source: String,
                dosing: Dosing, phases: [SchedulePhase], boosterNote: String? = nil, infusionMinutes: Int? = nil, chairMinutes: Int, minimumChairMinutes: Int,
                minimumDaysApart: Int, basedOn: String? = nil, builtIn: Bool = true) {
        self.id = id
        self.version = version
        self.name = name
        self.route = route
        self.drug = drug
        self.offLabel = offLabel
        self.source = source
        self.dosing = dosing
        self.phases = phases
        self.boosterNote = boosterNote
        self.infusionMinutes = infusionMinutes
        self.chairMinutes = chairMinutes
        self.minimumChairMinutes = minimumChairMinutes
        self.minimumDaysApart = minimumDaysApart
        self.basedOn = basedOn
        self.builtIn = builtIn
    }

    /// "iv-ketamine v2": how a course names the version it follows.
    public var reference: String { "\(id) v\(version)" }

    public var induction: SchedulePhase? { phases.first { $0.kind == .induction } }

    public var inductionSessions: Int { phases.filter { $0.kind == .induction }.compactMap(\.sessions).reduce(0, +) }
}

/// The dose a protocol gives, the range that needs no override, and the maximum nothing overrides.
public struct Dosing: Sendable, Equatable, Codable {
    public enum Unit: String, Sendable, Codable, CaseIterable {
        case mgPerKg = "mg/kg"
        case mg
    }

    public var unit: Unit
    /// The usual dose, in `unit`.
    public var standard: Double
    /// The first session's dose where the label sets one (esketamine: day 1 is 56 mg).
    public var firstDose: Double?
    /// Doses from `lowest` to `highest` need no override; outside it a prescriber overrides with a reason.
    public var lowest: Double
    public var highest: Double
    /// No dose above this is ever ordered, override or not.
    public var hardMaximum: Double
    /// Doses are given in steps of this many mg: a calculated dose is rounded to the nearest step
    /// (an exact half rounds down, so rounding never raises a dose), an entered one must be a whole
    /// number of steps.
    public var stepMg: Double
    /// mg in one nasal device, where the drug comes in devices.
    public var deviceMg: Double?
    public var rangeSource: String
    public var hardMaximumSource: String

    public init(unit: Unit, standard: Double, firstDose: Double? = nil, lowest: Double, highest: Double, hardMaximum: Double,
                stepMg: Double, deviceMg: Double? = nil, rangeSource: String, hardMaximumSource: String) {
        self.unit = unit
        self.standard = standard
        self.firstDose = firstDose
        self.lowest = lowest
        self.highest = highest
        self.hardMaximum = hardMaximum
        self.stepMg = stepMg
        self.deviceMg = deviceMg
        self.rangeSource = rangeSource
        self.hardMaximumSource = hardMaximumSource
    }

    public var isWeightBased: Bool { unit == .mgPerKg }

    /// "0.5 mg/kg", "56 mg".
    public func shown(_ value: Double) -> String { "\(Dose.formatted(value)) \(unit.rawValue)" }
}

/// One stretch of a schedule: so many sessions at a steady rate, or open-ended (planned on a rolling basis).
public struct SchedulePhase: Sendable, Equatable, Codable {
    public enum Cadence: Sendable, Equatable, Codable {
        case perWeek(Int)
        case everyDays(Int)

        public var shown: String {
            switch self {
            case .perWeek(1): "weekly"
            case .perWeek(2): "twice weekly"
            case .perWeek(let n): "\(n) times a week"
            case .everyDays(7): "weekly"
            case .everyDays(14): "every 2 weeks"
            case .everyDays(let n): "every \(n) days"
            }
        }
    }

    public var kind: CoursePhase
    /// nil: open-ended, planned four weeks ahead as the course goes on.
    public var sessions: Int?
    public var cadence: Cadence
    /// Other cadences a course may choose for this phase (IV induction: 2 or 3 a week).
    public var choices: [Cadence]
    public var note: String

    public init(_ kind: CoursePhase, sessions: Int?, _ cadence: Cadence, choices: [Cadence] = [], note: String) {
        self.kind = kind
        self.sessions = sessions
        self.cadence = cadence
        self.choices = choices
        self.note = note
    }
}

/// Where a session sits in a course.
public enum CoursePhase: String, Sendable, Codable, CaseIterable {
    case induction, maintenance, booster
}
