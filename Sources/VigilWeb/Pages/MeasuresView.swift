import Foundation
import VigilCore
import VigilStorage

/// The measures part of a chart and of the progress report: open alerts, each scale's trajectory
/// and outcome with a table alternative, plans and links.
struct MeasuresView {
    struct Alert {
        let id: String
        let patientId: String
        let instrument: String
        let raisedAt: String
        let reasons: [String]
        let link: String
    }

    struct Row {
        let takenAt: String
        let total: String
        let severity: String?
        let timing: String?
        let source: String
        let flags: String?
        let flagged: Bool
        let enteredBy: String?
    }

    struct GroupChange {
        let label: String
        let baseline: Int
        let latest: Int
    }

    struct Scale {
        let id: String
        let name: String
        let title: String
        let svg: String
        let status: String?
        let statusClass: String
        let summary: String?
        let reasons: [String]
        let rapid: String?
        let groups: [GroupChange]
        let rows: [Row]
        let source: String
    }

    struct Plan {
        let instrument: String
        let every: String
        let status: String
        let statusClass: String
        let nextDue: String
        let reason: String
        let stopLink: String
    }

    struct Link {
        let instrument: String
        let status: String
        let createdAt: String
        let expiresAt: String
        let delivery: String
        let note: String?
        let requestedBy: String
        let reason: String
    }

    let alerts: [Alert]
    let scales: [Scale]
    let plans: [Plan]
    let requests: [Link]
    let enterable: [SelectOption]
    let sendable: [SelectOption]
    let timings: [SelectOption]
    let canEmail: Bool
    let hasEmail: Bool
    let links: [String: String]
    /// On the printable report: tables open.
    let printing: Bool

    init(file: PatientFile, settings: ClinicSettings, now: Date, canEmail: Bool, printing: Bool = false) {
        self.printing = printing
        let id = file.patient.id.lowercased
        alerts = file.alerts.filter { $0.status == .open }.map { alert in
            Alert(id: alert.id.lowercased, patientId: id, instrument: Instrument.named(alert.instrument).name, raisedAt: alert.raisedAt.shown,
                  reasons: alert.reasons, link: PageEndpoints.acknowledgeAlert.link(alert.id.lowercased))
        }
        scales = InstrumentID.allCases.compactMap { instrumentID -> Scale? in
            let taken = file.assessments.filter { $0.instrument == instrumentID }
            guard !taken.isEmpty else { return nil }
            return Self.scale(Instrument.named(instrumentID), taken, settings: settings)
        }
        plans = file.measurePlans.map { planned in
            Plan(instrument: Instrument.named(planned.plan.instrument).name, every: "every \(planned.plan.everyDays) days",
                 status: planned.progress.status.rawValue, statusClass: Self.planClass(planned.progress.status),
                 nextDue: planned.progress.nextDue.description, reason: planned.plan.reason,
                 stopLink: PageEndpoints.stopMeasurementPlan.link(id, planned.plan.id.lowercased))
        }
        requests = file.measureRequests.prefix(10).map { request in
            Link(instrument: Instrument.named(request.instrument).name, status: request.status(at: now).rawValue,
                 createdAt: request.createdAt.shown, expiresAt: request.expiresAt.shown,
                 delivery: request.delivery == .email ? "emailed" : "given by staff", note: request.deliveryNote,
                 requestedBy: request.requestedByName, reason: request.reason)
        }
        enterable = InstrumentID.allCases.map { SelectOption(value: $0.rawValue, label: Instrument.named($0).name, selected: false) }
        sendable = InstrumentID.allCases.filter { Instrument.named($0).canBeSentToPatients }
            .map { SelectOption(value: $0.rawValue, label: Instrument.named($0).name, selected: false) }
        timings = SelectOption.all(AssessmentTiming.self, selected: nil)
        self.canEmail = canEmail
        hasEmail = file.patient.email != nil
        links = [
            "new": PageEndpoints.newAssessment.link(id), "send": PageEndpoints.sendMeasure.link(id),
            "plan": PageEndpoints.addMeasurementPlan.link(id), "progress": PageEndpoints.progress.link(id),
        ]
    }

    static func planClass(_ status: MeasurementPlan.Status) -> String {
        switch status {
        case .completed: "good"
        case .sent, .due: "warn"
        case .overdue: "bad"
        }
    }

    private static func scale(_ instrument: Instrument, _ taken: [Assessment], settings: ClinicSettings) -> Scale {
        let outcome = OutcomeRules.evaluate(instrument, assessments: taken, settings: settings)
        let remission = settings.remissionAtMost(instrument.id) ?? instrument.remissionAtMost
        let chart = TrajectoryChart(instrument: instrument, assessments: taken, outcome: outcome, remissionAtMost: remission)
        var groups: [GroupChange] = []
        if let outcome, let baseline = taken.first(where: { $0.takenAt == outcome.baseline.takenAt }), let latest = taken.last {
            groups = baseline.score.groups.keys.sorted().map {
                GroupChange(label: $0.label, baseline: baseline.score.groups[$0] ?? 0, latest: latest.score.groups[$0] ?? 0)
            }
        }
        let statusClass: String = switch outcome?.status {
        case .remission?, .response?: "good"
        case .partial?: "warn"
        case .relapse?: "bad"
        default: ""
        }
        let rapid = outcome?.rapidResponse.map { rapid in
            "Latest pre-dose \(rapid.preDose.total) → \(rapid.after.total) after the dose"
                + (rapid.percentChange.map { " (\(OutcomeRules.formatted($0)) %)" } ?? "") + (rapid.met ? ": rapid response." : ".")
        }
        return Scale(
            id: instrument.id.rawValue, name: instrument.name, title: instrument.title, svg: chart.svg,
            status: outcome?.status.label, statusClass: statusClass,
            summary: outcome.map { "Baseline \($0.baseline.total), latest \($0.latest.total)" + ($0.percentChange.map { " (\(OutcomeRules.formatted($0)) %)" } ?? "") },
            reasons: outcome?.reasons ?? [], rapid: rapid, groups: groups,
            rows: taken.reversed().map { assessment in
                let score = assessment.score
                return Row(takenAt: assessment.takenAt.shown, total: score.total.map(String.init) ?? score.risk.map { "risk \($0.rawValue)" } ?? "—",
                           severity: score.risk == nil ? score.severity : nil, timing: assessment.timing?.rawValue, source: assessment.source.rawValue,
                           flags: score.flags.isEmpty ? nil : score.flags.map(\.rawValue).joined(separator: ", "),
                           flagged: score.flags.contains(.suicidality), enteredBy: assessment.enteredByName)
            },
            source: instrument.source)
    }
}
