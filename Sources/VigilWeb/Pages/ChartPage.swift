import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The patient chart: header, demographics, and — for clinical roles — treatment resistance,
/// eligibility and consents, with the forms that add to them. Every view is an audited read.
struct ChartPage {
    let database: Database
    let history: TreatmentHistoryAPI
    let eligibility: EligibilityAPI
    let calendar: ClinicCalendar
    let links: MeasureLinks
    let pages: PageRenderer

    struct View {
        struct Trial {
            let drug: String
            let dose: String
            let dates: String
            let episode: String
            let adherence: String
            let outcome: String
            let verdict: String
            let counts: Bool
            let reasons: [String]
        }

        struct RouteVerdict {
            let title: String
            let status: String
            let statusClass: String
            let reasons: [String]
        }

        struct Decision {
            let route: String
            let status: String
            let signedBy: String
            let signedAt: String
            let current: Bool
            let supersededAt: String?
            let note: String?
            let reasons: [String]
            let treatmentResistance: String
        }

        struct ConsentRow {
            let id: String
            let route: String
            let version: Int
            let typedName: String
            let signedAt: String
            let witness: String
            let current: Bool
            let withdrawn: String?
            let withdrawLink: String
        }

        let shell: Shell
        let id: String
        let name: String
        let age: Int
        let sex: String
        let birthDate: String
        let mrn: String
        let weight: String?
        let height: String?
        let allergies: [String]
        let patient: Patient
        let rems: String
        let message: String?
        let errors: [FieldError]
        let mayEdit: Bool
        let clinical: Bool
        let mayDocument: Bool
        let maySign: Bool
        let mayOverride: Bool
        // Treatment history
        let treatmentResistant: Bool
        let resistanceSummary: String
        let criteria: String
        let trials: [Trial]
        let otherTreatments: [String]
        let episode: String?
        let maudsley: String?
        let maudsleyReasons: [String]
        let drugs: [String]
        let adherences: [SelectOption]
        let outcomes: [SelectOption]
        let kinds: [SelectOption]
        let severities: [SelectOption]
        let today: String
        // Eligibility and consent
        let screened: Bool
        let routes: [RouteVerdict]
        let routeOptions: [SelectOption]
        let decisions: [Decision]
        let consents: [ConsentRow]
        let links: [String: String]
        let measures: MeasuresView?
        let courses: ChartCoursesView?
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.chart) { request, context in
            try await chart(id: try context.uuidParameter("id"), context: context,
                            message: request.uri.queryParameters["done"].map(String.init), errors: [], status: .ok)
        }
        router.add(PageEndpoints.addTrial) { request, context in
            try await handle(request, context) { form, id in
                var validator = Validator()
                let dose = form.number("dailyDoseMg", into: &validator)
                try validator.finish()
                let override = form["overrideReason"].flatMap { $0.isEmpty ? nil : MedicationTrialForm.Override(reason: $0) }
                let trial = try await history.addTrial(MedicationTrialForm(
                    drug: form["drug"], dailyDoseMg: dose, startDate: form["startDate"], endDate: form["endDate"],
                    currentEpisode: form.yesOrNo("currentEpisode"), adherence: form["adherence"], outcome: form["outcome"],
                    doseOverride: override, adequateDoseOn: form["adequateDoseOn"].flatMap { $0.isEmpty ? nil : $0 }), patientID: id, context: context)
                return "Recorded the \(trial.drug) trial."
            }
        }
        router.add(PageEndpoints.addOtherTreatment) { request, context in
            try await handle(request, context) { form, id in
                let treatment = try await history.addOtherTreatment(.init(
                    kind: form["kind"], description: form["description"], startDate: form["startDate"], endDate: form["endDate"],
                    currentEpisode: form.yesOrNo("currentEpisode")), patientID: id, actor: context.actor)
                return "Recorded \(treatment.kind.title.lowercased()): \(treatment.description)."
            }
        }
        router.add(PageEndpoints.setEpisode) { request, context in
            try await handle(request, context) { form, id in
                _ = try await history.setEpisode(.init(startDate: form["startDate"], severity: form["severity"]), patientID: id, actor: context.actor)
                return "Recorded the current episode."
            }
        }
        router.add(PageEndpoints.signEligibility) { request, context in
            try await handle(request, context) { form, id in
                let decision = try await eligibility.sign(patientID: id, route: form["route"], note: form["note"], context: context)
                return "Signed: \(decision.route.title) — \(decision.status.rawValue)."
            }
        }
    }

    /// Back to the chart, showing what was just done.
    static func done(_ id: UUID, _ message: String) -> Response {
        .redirect(to: PageEndpoints.chart.link(id.lowercased), done: message)
    }

    /// Runs a chart form: back to the chart with a message, or the chart again with the errors.
    private func handle(_ request: Request, _ context: VigilContext,
                        _ action: (FormBody, UUID) async throws -> String) async throws -> Response {
        let id = try context.uuidParameter("id")
        return try await FormBody.submit(request, context, returningTo: PageEndpoints.chart.link(id.lowercased), { try await action($0, id) }) { errors in
            try await chart(id: id, context: context, message: nil, errors: errors, status: .unprocessableContent)
        }
    }

    func chart(id: UUID, context: VigilContext, message: String?, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let role = context.identity!.user.role
        let clinical = role.may(.viewClinical)
        let schedules = role.may(.viewSchedule)
        let parts: Set<PatientFile.Part> = clinical ? Set(PatientFile.Part.allCases) : schedules ? [.courses, .appointments] : []
        let settings = try await database.clinicSettings()
        let file = try await database.patientFile(id: id, parts: parts,
                                                  calendar: calendar.measures(settings),
                                                  by: context.actor)
        let today = calendar.today
        let patient = file.patient
        let (resistance, maudsley) = file.treatmentHistory.evaluate(table: file.antidepressants, criteria: settings.criteria, today: today)
        let trialsByID = Dictionary(uniqueKeysWithValues: file.treatmentHistory.trials.map { ($0.id, $0) })
        let trials = resistance.trials.compactMap { assessment -> View.Trial? in
            guard let trial = trialsByID[assessment.trialID] else { return nil }
            return View.Trial(
                drug: trial.drug, dose: "\(TreatmentResistance.formatted(trial.dailyDoseMg)) mg/day",
                dates: "\(trial.startDate) – \(trial.endDate?.description ?? "ongoing")", episode: trial.currentEpisode ? "current" : "previous",
                adherence: trial.adherence.rawValue, outcome: trial.outcome.rawValue,
                verdict: assessment.adequate == nil ? "cannot be judged" : (assessment.adequate! ? "adequate" : "not adequate") + (assessment.failed ? ", failed" : ""),
                counts: assessment.counts, reasons: assessment.reasons)
        }
        let screening = file.screening ?? Screening(responses: [:], systolic: nil, diastolic: nil)
        let routes = TreatmentRoute.allCases.map { route in
            let verdict = Eligibility.evaluate(screening, route: route)
            return View.RouteVerdict(title: route.title, status: verdict.status.rawValue,
                                     statusClass: verdict.status == .notEligible ? "bad" : verdict.status == .eligible ? "good" : "warn",
                                     reasons: Array(verdict.reasons.dropFirst()))
        }
        let idText = id.lowercased
        let view = View(
            shell: Shell(title: patient.fullName, context: context, current: PageEndpoints.patients.path),
            id: idText, name: patient.fullName, age: patient.age(on: today), sex: patient.sex.rawValue, birthDate: patient.birthDate.description,
            mrn: patient.mrn, weight: patient.weight.map { "\(TreatmentResistance.formatted($0.kg)) kg on \($0.measuredOn)" },
            height: patient.heightCm.map { "\(TreatmentResistance.formatted($0)) cm" }, allergies: patient.allergies, patient: patient,
            rems: patient.rems.status.rawValue + (patient.rems.date.map { " on \($0)" } ?? ""),
            message: message, errors: errors, mayEdit: role.may(.editDemographics), clinical: clinical,
            mayDocument: role.may(.documentClinical), maySign: role.may(.signDecisions), mayOverride: role.may(.prescribe),
            treatmentResistant: resistance.treatmentResistant, resistanceSummary: resistance.summary,
            criteria: "At least \(settings.criteria.minimumTrials) adequate failed trials of different antidepressants in the current episode; adequate means at least the minimum dose (\(AntidepressantTable.source)), at least \(settings.criteria.minimumWeeks) weeks and adequate adherence.",
            trials: trials,
            otherTreatments: file.treatmentHistory.otherTreatments.map {
                "\($0.kind.title): \($0.description)\($0.startDate.map { " from \($0)" } ?? "")\($0.currentEpisode ? " (current episode)" : " (previous episode)")"
            },
            episode: file.treatmentHistory.episode.map { "Since \($0.startDate) (\($0.months(until: today)) months), \($0.severity.rawValue.replacingOccurrences(of: "-", with: " "))" },
            maudsley: maudsley.map { "\($0.score) (\($0.band))" }, maudsleyReasons: maudsley?.reasons ?? [],
            drugs: file.antidepressants.drugs.map(\.genericName),
            adherences: SelectOption.all(MedicationTrial.Adherence.self, selected: nil),
            outcomes: SelectOption.all(MedicationTrial.Outcome.self, selected: nil),
            kinds: SelectOption.all(OtherTreatment.Kind.self, selected: nil, label: \.title),
            severities: SelectOption.all(MaudsleyStaging.Severity.self, selected: nil),
            today: today.description,
            screened: file.screening != nil, routes: routes,
            routeOptions: SelectOption.all(TreatmentRoute.self, selected: nil, label: \.title),
            decisions: file.eligibilityDecisions.map { decision in
                View.Decision(route: decision.route.title, status: decision.status.rawValue, signedBy: decision.signedByName,
                              signedAt: decision.signedAt.shown, current: decision.supersededAt == nil,
                              supersededAt: decision.supersededAt?.shown, note: decision.note,
                              reasons: Array(decision.reasons.dropFirst()), treatmentResistance: decision.treatmentResistance)
            },
            consents: file.consents.map { consent in
                View.ConsentRow(id: consent.id.lowercased, route: consent.route.title, version: consent.templateVersion, typedName: consent.typedName,
                                signedAt: consent.signedAt.shown, witness: consent.witnessName, current: consent.isCurrent,
                                withdrawn: consent.withdrawnAt.map { "\($0.shown): \(consent.withdrawalReason ?? "")" },
                                withdrawLink: PageEndpoints.withdrawConsent.link(idText, consent.id.lowercased))
            },
            links: [
                "edit": PageEndpoints.editPatient.link(idText), "trial": PageEndpoints.addTrial.link(idText),
                "other": PageEndpoints.addOtherTreatment.link(idText), "episode": PageEndpoints.setEpisode.link(idText),
                "screening": PageEndpoints.screening.link(idText), "sign": PageEndpoints.signEligibility.link(idText),
                "consent": PageEndpoints.consent.link(idText),
            ],
            measures: clinical ? MeasuresView(file: file, settings: settings, now: calendar.clock(), canEmail: links.canEmail) : nil,
            courses: schedules ? ChartCoursesView(file: file, protocols: try await database.treatmentProtocols(), role: role,
                                                   rules: settings.sessionRules, sites: context.identity!.sites, today: today) : nil)
        return pages.page("chart", view, status: status)
    }
}
