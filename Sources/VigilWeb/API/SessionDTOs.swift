import Foundation
import VigilCore
import VigilStorage

/// A dosing session as the API returns it, with what the rules make of it now: readiness, open
/// alerts, the next vitals due and discharge readiness.
struct SessionDTO: Encodable, Sendable {
    struct Move: Encodable, Sendable {
        let from: String
        let to: String
        let at: String
        let byName: String
        let note: String?
    }

    struct Vitals: Encodable, Sendable {
        let id: String
        let takenAt: String
        let systolic: Int
        let diastolic: Int
        let heartRate: Int
        let spo2: Int
        let respiratoryRate: Int?
        let sedation: Int?
        let recordedByName: String
        let alerts: [String]
    }

    struct Given: Encodable, Sendable {
        let drug: String
        let route: String
        let doseMg: Double
        let mgPerKg: Double?
        let lot: String
        let startedAt: String
        let endedAt: String?
        let deviceTimes: [String]
        let pumpRateMlPerHour: Double?
        let volumeMl: Double?
        let administeredBy: String
        let supervisedBy: String
        let note: String?
    }

    struct Effect: Encodable, Sendable {
        let id: String
        let kind: String
        let severity: String
        let at: String
        let intervention: String?
        let recordedByName: String
        let resolvedAt: String?
        let resolvedByName: String?
    }

    let id: String
    let patientId: String
    let patientName: String
    let courseId: String
    let sessionNumber: Int
    let route: String
    let appointmentId: String?
    let date: String
    let chair: String?
    let status: String
    let transitions: [Move]
    let checklist: ReadinessChecklist
    let readiness: ReadinessDTO
    let administration: Given?
    let vitals: [Vitals]
    let sideEffects: [Effect]
    let alerts: [String]
    let nextVitalsDue: String?
    let discharge: DischargeDTO
    let signOff: SignOffDTO?
    let remsDueBy: String?
    let remsSubmittedOn: String?

    init(_ session: DosingSession, rules: SessionRules, now: Date) {
        id = session.id.lowercased
        patientId = session.patientID.lowercased
        patientName = session.patientName
        courseId = session.courseID.lowercased
        sessionNumber = session.sessionNumber
        route = session.route.rawValue
        appointmentId = session.appointmentID?.lowercased
        date = session.date.description
        chair = session.chair
        status = session.status.rawValue
        transitions = session.transitions.map { Move(from: $0.from.rawValue, to: $0.to.rawValue, at: Instant.format($0.at), byName: $0.byName, note: $0.note) }
        checklist = session.checklist
        readiness = ReadinessDTO(session.readiness(rules: rules, at: now))
        administration = session.administration.map { given in
            Given(drug: given.drug.rawValue, route: given.route.rawValue, doseMg: given.doseMg, mgPerKg: given.mgPerKg, lot: given.lot,
                  startedAt: Instant.format(given.startedAt), endedAt: given.endedAt.map(Instant.format), deviceTimes: given.devices.map(Instant.format),
                  pumpRateMlPerHour: given.pumpRateMlPerHour, volumeMl: given.volumeMl, administeredBy: given.administeredBy.name,
                  supervisedBy: given.supervisedBy.name, note: given.note)
        }
        vitals = session.vitals.map { reading in
            Vitals(id: reading.id.lowercased, takenAt: Instant.format(reading.takenAt), systolic: reading.systolic, diastolic: reading.diastolic,
                   heartRate: reading.heartRate, spo2: reading.spo2, respiratoryRate: reading.respiratoryRate, sedation: reading.sedation,
                   recordedByName: reading.recordedByName, alerts: SessionAlert.raised(by: reading, rules: rules).map(\.message))
        }
        sideEffects = session.sideEffects.map {
            Effect(id: $0.id.lowercased, kind: $0.kind.rawValue, severity: $0.severity.rawValue, at: Instant.format($0.at), intervention: $0.intervention,
                   recordedByName: $0.recordedByName, resolvedAt: $0.resolvedAt.map(Instant.format), resolvedByName: $0.resolvedByName)
        }
        alerts = session.openAlerts(rules: rules).map(\.message)
        nextVitalsDue = session.nextVitalsDue(rules: rules).map(Instant.format)
        discharge = DischargeDTO(session.dischargeReadiness(at: now, rules: rules))
        signOff = session.signOff.map { SignOffDTO(byName: $0.byName, at: Instant.format($0.at), note: $0.note) }
        remsDueBy = session.remsDueBy?.description
        remsSubmittedOn = session.remsSubmission?.submittedOn.description
    }
}

struct SignOffDTO: Encodable, Sendable {
    let byName: String
    let at: String
    let note: String?
}

struct ReadinessDTO: Encodable, Sendable {
    struct Acknowledged: Encodable, Sendable {
        let byName: String
        let at: String
        let note: String
    }

    let status: String
    let reasons: [String]
    let permitsDosing: Bool
    let acknowledgement: Acknowledged?

    init(_ readiness: Readiness) {
        status = readiness.status.rawValue
        reasons = readiness.reasons
        permitsDosing = readiness.permitsDosing
        acknowledgement = readiness.acknowledgement.map { Acknowledged(byName: $0.byName, at: Instant.format($0.at), note: $0.note) }
    }
}

struct DischargeDTO: Encodable, Sendable {
    let ready: Bool
    let earliestAt: String?
    let reasons: [String]

    init(_ discharge: DosingSession.DischargeReadiness) {
        ready = discharge.ready
        earliestAt = discharge.earliestAt.map(Instant.format)
        reasons = discharge.reasons
    }
}

struct RemsFormDTO: Encodable, Sendable {
    struct Field: Encodable, Sendable {
        let key: String
        let label: String
        let value: String
    }

    let sessionId: String
    let version: String
    let title: String
    let fields: [Field]
    let dueBy: String
    let submittedOn: String?
    let reference: String?

    init(_ form: RemsMonitoringForm) {
        sessionId = form.sessionID.lowercased
        version = form.version.id
        title = form.version.title
        fields = form.fields.map { Field(key: $0.key, label: $0.label, value: $0.value) }
        dueBy = form.dueBy.description
        submittedOn = form.submission?.submittedOn.description
        reference = form.submission?.reference
    }
}
