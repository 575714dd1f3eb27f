import Foundation

/// The dose given in a session: what, how much, from which lot, when, and by whom.
public struct Administration: Sendable, Equatable, Codable {
    public let id: UUID
    public let drug: TreatmentProtocol.Drug
    public let route: TreatmentRoute
    public let doseMg: Double
    /// For weight-based routes: the dose over the weight the order used.
    public let mgPerKg: Double?
    public let lot: String
    public let startedAt: Date
    /// The end of an infusion; for esketamine the last device; nil while an infusion runs.
    public let endedAt: Date?
    /// Esketamine: the time of each 28 mg device.
    public let devices: [Date]
    public let pumpRateMlPerHour: Double?
    public let volumeMl: Double?
    public let administeredBy: Appointment.StaffMember
    public let supervisedBy: Appointment.StaffMember
    /// Why the dose differs from the order, or anything else worth keeping.
    public let note: String?

    public init(id: UUID, drug: TreatmentProtocol.Drug, route: TreatmentRoute, doseMg: Double, mgPerKg: Double?, lot: String, startedAt: Date,
                endedAt: Date?, devices: [Date], pumpRateMlPerHour: Double?, volumeMl: Double?, administeredBy: Appointment.StaffMember,
                supervisedBy: Appointment.StaffMember, note: String?) {
        self.id = id
        self.drug = drug
        self.route = route
        self.doseMg = doseMg
        self.mgPerKg = mgPerKg
        self.lot = lot
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.devices = devices
        self.pumpRateMlPerHour = pumpRateMlPerHour
        self.volumeMl = volumeMl
        self.administeredBy = administeredBy
        self.supervisedBy = supervisedBy
        self.note = note
    }
}

/// An administration as a client sends it. The dose defaults to the course's order for the session.
public struct AdministrationForm: Sendable, Decodable {
    public var doseMg: Double?
    public var lot: String?
    public var startedAt: String?
    public var endedAt: String?
    public var deviceTimes: [String]?
    public var pumpRateMlPerHour: Double?
    public var volumeMl: Double?
    public var administeredBy: String?
    public var supervisedBy: String?
    public var note: String?

    public init(doseMg: Double? = nil, lot: String? = nil, startedAt: String? = nil, endedAt: String? = nil, deviceTimes: [String]? = nil,
                pumpRateMlPerHour: Double? = nil, volumeMl: Double? = nil, administeredBy: String? = nil, supervisedBy: String? = nil,
                note: String? = nil) {
        self.doseMg = doseMg
        self.lot = lot
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.deviceTimes = deviceTimes
        self.pumpRateMlPerHour = pumpRateMlPerHour
        self.volumeMl = volumeMl
        self.administeredBy = administeredBy
        self.supervisedBy = supervisedBy
        self.note = note
    }

    /// Esketamine label: rest 5 minutes between devices (clinical reference §2).
    public static let minutesBetweenDevices = 5

    /// The dose this form gives against `ordered`: the order's unless it names another.
    public func dose(ordered: Dose) -> Double { doseMg ?? ordered.mg }

    /// Whether the form gives another dose than the order: only a prescriber may, and then the dose
    /// given becomes the order from this session on (see `DosingSession.administer`).
    public func changesOrder(_ ordered: Dose) -> Bool { abs(dose(ordered: ordered) - ordered.mg) > 0.001 }

    /// The staff ids named, for the caller to look up (the administering clinician defaults to the caller).
    public var staffIDs: (administeredBy: UUID?, supervisedBy: UUID?) {
        (administeredBy.flatMap(UUID.init(uuidString:)), supervisedBy.flatMap(UUID.init(uuidString:)))
    }

    /// Checks the record against the session's order and protocol: device spacing and count for
    /// esketamine, pump rate and volume for IV, the hard maximum always, and a note for a dose that
    /// differs from the order (the prescriber's reason for the new order it makes).
    public func checked(ordered: Dose, treatmentProtocol: TreatmentProtocol, now: Date, notBefore: Date,
                        administeredBy: Appointment.StaffMember, supervisedBy: Appointment.StaffMember) throws(ValidationError) -> Administration {
        var validator = Validator()
        let dosing = treatmentProtocol.dosing
        let dose = dose(ordered: ordered)
        let text = validator.text(note, "note", max: 1000, required: false)
        // The weight the order was calculated with, for the mg/kg actually given.
        let weightKg = ordered.mgPerKg.flatMap { $0 > 0 ? ordered.mg / $0 : nil }
        let mgPerKg = dosing.isWeightBased ? weightKg.map { dose / $0 } : nil
        validator.check(dose > 0, "doseMg", "must be above 0 mg")
        if let deviceMg = dosing.deviceMg {
            // Esketamine comes only in 28 mg devices (label): 70 mg with 3 device times used to pass.
            validator.check(dosing.isWholeSteps(dose), "doseMg", "\(Dose.formatted(dose)) mg is not a whole number of \(Dose.formatted(deviceMg)) mg devices")
        }
        if case .aboveHardMaximum(let why) = dosing.check(mgPerKg ?? dose) { validator.add("doseMg", why) }
        if changesOrder(ordered) {
            validator.check(text.map { $0.count >= 5 } ?? false, "note",
                            "is required: \(Dose.formatted(dose)) mg differs from the ordered \(Dose.formatted(ordered.mg)) mg — say why (at least 5 characters); it becomes the new dose order's reason")
        }
        let lotNumber = lot?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        validator.check((1...40).contains(lotNumber.count), "lot", "is required (the lot number on the vial or device, up to 40 characters)")

        func time(_ text: String?, _ field: String) -> Date? {
            guard let text else { return nil }
            guard let date = Instant.parse(text) else {
                validator.add(field, "must be a date-time such as 2026-11-23T09:40:00Z")
                return nil
            }
            validator.check(date <= now.addingTimeInterval(120), field, "is in the future")
            validator.check(date >= notBefore, field, "is more than \(DosingSession.chartingWindowHours) hours before the session was opened")
            return date
        }

        var devices: [Date] = []
        var started = time(startedAt, "startedAt")
        var ended = time(endedAt, "endedAt")
        if treatmentProtocol.route.isEsketamine, let deviceMg = dosing.deviceMg {
            let times = deviceTimes ?? []
            devices = times.enumerated().compactMap { time($0.element, "deviceTimes[\($0.offset)]") }
            let expected = Int((dose / deviceMg).rounded())
            validator.check(times.count == expected, "deviceTimes",
                            "must give the time of each of the \(expected) \(Dose.formatted(deviceMg)) mg devices of a \(Dose.formatted(dose)) mg dose")
            for (earlier, later) in zip(devices, devices.dropFirst()) where later.timeIntervalSince(earlier) < Double(Self.minutesBetweenDevices * 60) {
                validator.add("deviceTimes", "devices must be at least \(Self.minutesBetweenDevices) minutes apart (label: rest 5 minutes between devices); "
                              + "\(Instant.format(earlier)) and \(Instant.format(later)) are \(Int(later.timeIntervalSince(earlier) / 60)) minutes apart")
            }
            started = devices.first
            ended = devices.last
        } else {
            started = started ?? now
        }
        if treatmentProtocol.route == .ivKetamine {
            validator.check(pumpRateMlPerHour.map { $0 > 0 && $0 <= 2000 } ?? false, "pumpRateMlPerHour", "is required for an infusion: above 0 and at most 2000 mL/h")
            validator.check(volumeMl.map { $0 > 0 && $0 <= 1000 } ?? false, "volumeMl", "is required for an infusion: the volume infused, above 0 and at most 1000 mL")
        }
        if let started, let ended { validator.check(ended >= started, "endedAt", "must not be before the start") }
        try validator.finish()
        return Administration(id: NewID.make(), drug: treatmentProtocol.drug, route: treatmentProtocol.route, doseMg: dose,
                              mgPerKg: mgPerKg, lot: lotNumber,
                              startedAt: started!, endedAt: ended, devices: devices, pumpRateMlPerHour: pumpRateMlPerHour, volumeMl: volumeMl,
                              administeredBy: administeredBy, supervisedBy: supervisedBy, note: text)
    }
}
