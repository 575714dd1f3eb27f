import Foundation

/// One set of vital signs taken in a session. Sedation is the MOAA/S score (0 no response to a
/// painful stimulus … 5 responds readily to name in a normal tone).
public struct VitalSigns: Sendable, Equatable, Codable {
    public let id: UUID
    public let takenAt: Date
    public let systolic: Int
    public let diastolic: Int
    public let heartRate: Int
    public let spo2: Int
    public let respiratoryRate: Int?
    public let sedation: Int?
    public let recordedByName: String

    public init(id: UUID, takenAt: Date, systolic: Int, diastolic: Int, heartRate: Int, spo2: Int, respiratoryRate: Int?, sedation: Int?,
                recordedByName: String) {
        self.id = id
        self.takenAt = takenAt
        self.systolic = systolic
        self.diastolic = diastolic
        self.heartRate = heartRate
        self.spo2 = spo2
        self.respiratoryRate = respiratoryRate
        self.sedation = sedation
        self.recordedByName = recordedByName
    }

    public var bloodPressure: String { "\(systolic)/\(diastolic)" }
}

/// Vital signs as a client sends them.
public struct VitalSignsForm: Sendable, Decodable {
    public var takenAt: String?
    public var systolic: Int?
    public var diastolic: Int?
    public var heartRate: Int?
    public var spo2: Int?
    public var respiratoryRate: Int?
    public var sedation: Int?

    public init(takenAt: String? = nil, systolic: Int? = nil, diastolic: Int? = nil, heartRate: Int? = nil, spo2: Int? = nil,
                respiratoryRate: Int? = nil, sedation: Int? = nil) {
        self.takenAt = takenAt
        self.systolic = systolic
        self.diastolic = diastolic
        self.heartRate = heartRate
        self.spo2 = spo2
        self.respiratoryRate = respiratoryRate
        self.sedation = sedation
    }

    // Values no living adult in a clinic chair can have: input checks against typos (a dropped or
    // doubled digit), not clinical thresholds — those are `SessionRule`s.
    static let systolicRange = 50...300
    static let diastolicRange = 20...200
    static let heartRateRange = 20...250
    static let spo2Range = 50...100
    static let respiratoryRateRange = 4...60
    /// MOAA/S: 0 to 5.
    static let sedationRange = 0...5

    /// The checked reading; `now` bounds the time (a reading cannot be from the future, beyond two
    /// minutes of clock drift, nor from before the session's day).
    public func checked(now: Date, notBefore: Date, recordedByName: String) throws(ValidationError) -> VitalSigns {
        var validator = Validator()
        let taken = takenAt.map { Instant.parse($0) } ?? now
        if let taken {
            validator.check(taken <= now.addingTimeInterval(120), "takenAt", "is in the future")
            validator.check(taken >= notBefore, "takenAt", "is more than \(DosingSession.chartingWindowHours) hours before the session was opened")
        } else {
            validator.add("takenAt", "must be a date-time such as 2026-11-23T09:40:00Z")
        }
        func within(_ value: Int?, _ range: ClosedRange<Int>, _ field: String, _ unit: String, required: Bool) {
            guard let value else {
                if required { validator.add(field, "is required") }
                return
            }
            validator.check(range.contains(value), field, "must be \(range.lowerBound) to \(range.upperBound) \(unit); \(value) is not possible")
        }
        within(systolic, Self.systolicRange, "systolic", "mmHg", required: true)
        within(diastolic, Self.diastolicRange, "diastolic", "mmHg", required: true)
        within(heartRate, Self.heartRateRange, "heartRate", "beats a minute", required: true)
        within(spo2, Self.spo2Range, "spo2", "%", required: true)
        within(respiratoryRate, Self.respiratoryRateRange, "respiratoryRate", "breaths a minute", required: false)
        within(sedation, Self.sedationRange, "sedation", "on MOAA/S", required: false)
        if let systolic, let diastolic {
            validator.check(diastolic < systolic, "diastolic", "must be below the systolic pressure")
        }
        try validator.finish()
        return VitalSigns(id: NewID.make(), takenAt: taken!, systolic: systolic!, diastolic: diastolic!, heartRate: heartRate!, spo2: spo2!,
                          respiratoryRate: respiratoryRate, sedation: sedation, recordedByName: recordedByName)
    }
}
