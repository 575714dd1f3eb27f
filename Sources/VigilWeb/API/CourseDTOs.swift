import Foundation
import VigilCore
import VigilStorage

/// A protocol as the API shows it.
struct ProtocolDTO: Encodable, Sendable {
    struct Phase: Encodable, Sendable {
        let kind: CoursePhase
        let sessions: Int?
        let cadence: String
        let perWeek: Int?
        let everyDays: Int?
        let choices: [String]
        let note: String

        init(_ phase: SchedulePhase) {
            kind = phase.kind
            sessions = phase.sessions
            cadence = phase.cadence.shown
            if case .perWeek(let n) = phase.cadence { perWeek = n } else { perWeek = nil }
            if case .everyDays(let n) = phase.cadence { everyDays = n } else { everyDays = nil }
            choices = phase.choices.map(\.shown)
            note = phase.note
        }
    }

    let id: String
    let version: Int
    let name: String
    let route: TreatmentRoute
    let drug: TreatmentProtocol.Drug
    let offLabel: Bool
    let builtIn: Bool
    let basedOn: String?
    let signedByName: String?
    let signedAt: Date?
    let inEffect: Bool
    let source: String
    let dosing: Dosing
    let phases: [Phase]
    let boosterNote: String?
    let infusionMinutes: Int?
    let chairMinutes: Int
    let minimumChairMinutes: Int
    let minimumDaysApart: Int

    init(_ p: TreatmentProtocol) {
        id = p.id
        version = p.version
        name = p.name
        route = p.route
        drug = p.drug
        offLabel = p.offLabel
        builtIn = p.builtIn
        basedOn = p.basedOn
        signedByName = p.signedByName
        signedAt = p.signedAt
        inEffect = p.inEffect
        source = p.source
        dosing = p.dosing
        phases = p.phases.map(Phase.init)
        boosterNote = p.boosterNote
        infusionMinutes = p.infusionMinutes
        chairMinutes = p.chairMinutes
        minimumChairMinutes = p.minimumChairMinutes
        minimumDaysApart = p.minimumDaysApart
    }
}

/// A course, its plan as of today and the bookings against it.
struct CourseDTO: Encodable, Sendable {
    struct Booking: Encodable, Sendable {
        let appointmentId: String
        let date: CalendarDate
        let startTime: String
        let chair: String
    }

    struct Session: Encodable, Sendable {
        let number: Int
        let plannedDate: CalendarDate
        let phase: CoursePhase
        let dose: Dose
        let infusionMinutes: Int?
        let booking: Booking?
    }

    struct Order: Encodable, Sendable {
        let fromSession: Int
        let amount: Double
        let unit: Dosing.Unit
        let dose: Dose
        let weightKg: Double?
        let weightMeasuredOn: CalendarDate?
        let reason: String
        let overrideReason: String?
        let orderedByName: String
        let orderedAt: Date

        init(_ order: DoseOrder, unit: Dosing.Unit) {
            fromSession = order.fromSession
            amount = order.amount
            self.unit = unit
            dose = order.dose
            weightKg = order.weight?.kg
            weightMeasuredOn = order.weight?.measuredOn
            reason = order.reason
            overrideReason = order.overrideReason
            orderedByName = order.orderedByName
            orderedAt = order.orderedAt
        }
    }

    let id: String
    let patientId: String
    let `protocol`: String
    let protocolVersion: Int
    let protocolName: String
    let route: TreatmentRoute
    let offLabel: Bool
    let status: CourseStatus
    let statusReason: String?
    let startDate: CalendarDate
    let schedule: [String]
    let currentDose: Dose?
    let orders: [Order]
    let boosters: [Course.Booster]
    let plannedSessions: [Session]

    init(_ course: Course, appointments: [Appointment] = [], today: CalendarDate, days: ClinicDays) {
        let used = course.treatmentProtocol
        id = course.id.lowercased
        patientId = course.patientID.lowercased
        self.protocol = used.id
        protocolVersion = used.version
        protocolName = used.name
        route = used.route
        offLabel = used.offLabel
        status = course.status
        statusReason = course.statusReason
        startDate = course.startDate
        schedule = zip(used.phases, course.cadences).map { phase, cadence in
            "\(phase.kind.rawValue): \(phase.sessions.map { "\($0) sessions" } ?? "ongoing"), \(cadence.shown)"
        }
        currentDose = course.currentOrder?.dose
        orders = course.orders.sorted { $0.orderedAt < $1.orderedAt }.map { Order($0, unit: used.dosing.unit) }
        boosters = course.boosters
        let booked = appointments.bookedBySession(of: course.id)
        plannedSessions = course.plannedSessions(today: today, days: days).map { session in
            Session(number: session.number, plannedDate: session.plannedDate, phase: session.phase, dose: session.dose,
                    infusionMinutes: session.infusionMinutes,
                    booking: booked[session.number].map { Booking(appointmentId: $0.id.lowercased, date: $0.date,
                                                                  startTime: OpeningHours.clock($0.startMinute), chair: $0.chair) })
        }
    }
}

/// A booking as the API shows it.
struct AppointmentDTO: Encodable, Sendable {
    let id: String
    let patientId: String
    let patientName: String
    let kind: Appointment.Kind
    let courseId: String?
    let sessionNumber: Int?
    let route: TreatmentRoute?
    let date: CalendarDate
    let startTime: String
    let endTime: String
    let durationMinutes: Int
    let chair: String
    let siteId: String
    /// The start as an instant (UTC): the site's date and time read in the site's time zone.
    let startsAt: Date
    let staff: [Appointment.StaffMember]
    let note: String?
    let status: Appointment.Status
    let changeReason: Appointment.ChangeReason?
    let changeNote: String?

    /// `zone` is the appointment's site's.
    init(_ a: Appointment, zone: TimeZone) {
        siteId = a.siteID.lowercased
        startsAt = a.date.instant(minute: a.startMinute, in: zone)
        id = a.id.lowercased
        patientId = a.patientID.lowercased
        patientName = a.patientName
        kind = a.kind
        courseId = a.session?.courseID.lowercased
        sessionNumber = a.session?.number
        route = a.session?.route
        date = a.date
        startTime = OpeningHours.clock(a.startMinute)
        endTime = OpeningHours.clock(a.endMinute)
        durationMinutes = a.durationMinutes
        chair = a.chair
        staff = a.staff
        note = a.note
        status = a.status
        changeReason = a.changeReason
        changeNote = a.changeNote
    }
}

/// A proposed slot for a planned session, or why none was found.
struct SlotDTO: Encodable, Sendable {
    let sessionNumber: Int
    let plannedDate: CalendarDate
    let date: CalendarDate?
    let startTime: String?
    let chair: String?
    let appointmentId: String?
    let note: String?

    init(_ proposal: SlotFinder.Proposal, booked: Bool) {
        sessionNumber = proposal.session.number
        plannedDate = proposal.session.plannedDate
        date = proposal.slot?.date
        startTime = proposal.slot.map { OpeningHours.clock($0.startMinute) }
        chair = proposal.slot?.chair
        appointmentId = booked ? proposal.slot?.id.lowercased : nil
        note = proposal.note
    }
}

/// Booster advice with the scores behind it.
struct AdviceDTO: Encodable, Sendable {
    let key: String
    let kind: BoosterAdvice.Kind
    let instrument: InstrumentID
    let title: String
    let reasons: [String]
    let baseline: OutcomeDTO.Score
    let latest: OutcomeDTO.Score

    init(_ advice: BoosterAdvice) {
        key = advice.key
        kind = advice.kind
        instrument = advice.instrument
        title = advice.title
        reasons = advice.reasons
        baseline = .init(advice.baseline)
        latest = .init(advice.latest)
    }
}

/// A plasma-concentration preview: a population estimate, never a dosing instruction.
struct PlasmaDTO: Encodable, Sendable {
    struct Point: Encodable, Sendable {
        let minute: Double
        let ngPerMl: Double
    }

    let model: String
    let source: String
    let doseMg: Double
    let weightKg: Double
    let infusionMinutes: Double
    let peakNgPerMl: Double
    let peakMinute: Double
    let dissociationBandNgPerMl: [Double]
    let caution: String
    let points: [Point]
}
