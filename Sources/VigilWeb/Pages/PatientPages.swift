import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The patient list with search, registration, and the demographics form.
struct PatientPages {
    let database: Database
    let patients: PatientsAPI
    let calendar: ClinicCalendar
    let pages: PageRenderer

    struct ListView {
        struct Row {
            let name: String
            let mrn: String
            let birthDate: String
            let age: Int
            let sex: String
            let phone: String?
            let chartLink: String
        }

        let shell: Shell
        let query: String
        let rows: [Row]
        let total: Int
        let mayRegister: Bool
    }

    struct FormView {
        let shell: Shell
        let heading: String
        let action: String
        let draft: [String: String]
        let sexes: [SelectOption]
        let remsStatuses: [SelectOption]
        let errors: [FieldError]
        let creating: Bool
        let today: String
        /// Whether the clinical fields are shown: only to a role that may change them.
        let clinical: Bool
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.patients) { request, context in
            let query = String((request.uri.queryParameters["query"].map(String.init) ?? "").prefix(200))
            let found = try await database.searchPatients(query, page: Page(number: 1, size: 100), by: context.actor)
            let today = calendar.today
            let rows = found.items.map { patient in
                ListView.Row(name: "\(patient.familyName), \(patient.givenName)", mrn: patient.mrn, birthDate: patient.birthDate.description,
                             age: patient.age(on: today), sex: patient.sex.rawValue, phone: patient.phone,
                             chartLink: PageEndpoints.chart.link(patient.id.lowercased))
            }
            return pages.page("patients", ListView(shell: Shell(title: "Patients", context: context, current: PageEndpoints.patients.path),
                                                   query: query, rows: rows, total: found.total,
                                                   mayRegister: context.identity!.user.role.may(.editDemographics)))
        }
        router.add(PageEndpoints.newPatient) { request, context in
            var draft: [String: String] = [:]
            if let text = request.uri.queryParameters["fromRequest"], let id = UUID(uuidString: String(text)) {
                let source = try await database.consultationRequest(id: id)
                let form = source.patientForm
                draft = ["givenName": form.givenName ?? "", "familyName": form.familyName ?? "", "phone": form.phone ?? "",
                         "email": form.email ?? "", "consultationRequestId": id.lowercased]
            }
            return form(context: context, creating: true, draft: draft, errors: [], status: .ok)
        }
        router.add(PageEndpoints.createPatient) { request, context in
            var request = request
            let body = try await FormBody(request: &request, context: context)
            do {
                let requestID = body["consultationRequestId"].flatMap(UUID.init(uuidString:))
                let patient = try await patients.createPatient(try body.patientForm(), fromConsultationRequest: requestID, actor: context.actor)
                return ChartPage.done(patient.id, "Registered \(patient.fullName), MRN \(patient.mrn).")
            } catch let invalid as ValidationError {
                return form(context: context, creating: true, draft: body.values, errors: invalid.errors, status: .unprocessableContent)
            } catch StorageError.conflict(let field, let message) {
                return form(context: context, creating: true, draft: body.values, errors: [FieldError(field, message)], status: .conflict)
            }
        }
        router.add(PageEndpoints.editPatient) { _, context in
            let id = try context.uuidParameter("id")
            let patient = try await database.patientFile(id: id, parts: [], by: context.actor).patient
            return form(context: context, creating: false, draft: Self.draft(patient), errors: [], status: .ok, id: id)
        }
        router.add(PageEndpoints.updatePatient) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let body = try await FormBody(request: &request, context: context)
            do {
                let update = try body.patientForm().checked(creating: false, today: calendar.today)
                let patient = try await database.updatePatient(id: id, update, today: calendar.today, by: context.actor)
                return ChartPage.done(patient.id, "Saved \(patient.fullName)'s details.")
            } catch let invalid as ValidationError {
                return form(context: context, creating: false, draft: body.values, errors: invalid.errors, status: .unprocessableContent, id: id)
            } catch StorageError.conflict(let field, let message) {
                return form(context: context, creating: false, draft: body.values, errors: [FieldError(field, message)], status: .conflict, id: id)
            }
        }
    }

    /// The record's values as the form's fields.
    static func draft(_ patient: Patient) -> [String: String] {
        [
            "mrn": patient.mrn, "givenName": patient.givenName, "familyName": patient.familyName,
            "birthDate": patient.birthDate.description, "sex": patient.sex.rawValue, "phone": patient.phone ?? "",
            "email": patient.email ?? "", "address": patient.address ?? "",
            "heightCm": patient.heightCm.map { TreatmentResistance.formatted($0) } ?? "",
            "diagnoses": patient.diagnoses.map { "\($0.code) \($0.text)" }.joined(separator: "\n"),
            "medications": patient.medications.joined(separator: "\n"), "allergies": patient.allergies.joined(separator: "\n"),
            "emergencyName": patient.emergencyContact?.name ?? "", "emergencyPhone": patient.emergencyContact?.phone ?? "",
            "emergencyRelationship": patient.emergencyContact?.relationship ?? "",
            "rideHomeName": patient.rideHomeContact?.name ?? "", "rideHomePhone": patient.rideHomeContact?.phone ?? "",
            "rideHomeRelationship": patient.rideHomeContact?.relationship ?? "",
            "remsStatus": patient.rems.status.rawValue, "remsEnrolledOn": patient.rems.date?.description ?? "",
        ]
    }

    private func form(context: VigilContext, creating: Bool, draft: [String: String], errors: [FieldError], status: HTTPResponse.Status,
                      id: UUID? = nil) -> Response {
        let view = FormView(
            shell: Shell(title: creating ? "Register a patient" : "Edit details", context: context, current: PageEndpoints.patients.path),
            heading: creating ? "Register a patient" : "Edit \(draft["givenName"] ?? "") \(draft["familyName"] ?? "")",
            action: creating ? PageEndpoints.createPatient.link() : PageEndpoints.updatePatient.link(id!.lowercased),
            draft: draft.filter { $0.key != "csrf" },
            sexes: SelectOption.all(Patient.Sex.self, selected: draft["sex"].flatMap(Patient.Sex.init(rawValue:))),
            remsStatuses: SelectOption.all(RemsEnrollment.Status.self, selected: draft["remsStatus"].flatMap(RemsEnrollment.Status.init(rawValue:)) ?? .notEnrolled),
            errors: errors, creating: creating, today: calendar.today.description,
            clinical: context.identity?.user.role.may(PatientRecordPart.clinical.toChange) ?? false)
        return pages.page("patient-form", view, status: status)
    }
}
