import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// Clinic settings and the antidepressant minimum-dose table: read by everyone signed in, changed by admins.
struct SettingsAPI {
    static let read = Endpoint(.get, "/api/v1/settings", .api, .signedIn, "Read the clinic settings", .init(response: "ClinicSettings"))
    static let change = Endpoint(.patch, "/api/v1/settings", .api, .permission(.manageSettings),
                                 "Change clinic settings (only the fields given)", .init(request: "ClinicSettings", response: "ClinicSettings"))
    static let antidepressants = Endpoint(.get, "/api/v1/antidepressants", .api, .signedIn,
                                          "The antidepressant table in force: minimum adequate daily doses with their source",
                                          .init(response: "AntidepressantList"))
    static let setAntidepressant = Endpoint(.put, "/api/v1/antidepressants/{name}", .api, .permission(.manageSettings),
                                            "Add a drug or change its minimum dose", .init(request: "AntidepressantEdit", response: "AntidepressantList"))
    static let removeAntidepressant = Endpoint(.delete, "/api/v1/antidepressants/{name}", .api, .permission(.manageSettings),
                                               "Remove a drug from the table, or restore a changed built-in drug by removing and re-adding it",
                                               .init(response: "AntidepressantList"))

    let database: Database

    struct DrugForm: Decodable {
        let drugClass: String?
        let minimumDailyDoseMg: Double?
        let note: String?
    }

    struct DrugDTO: Encodable {
        let genericName: String
        let drugClass: Antidepressant.DrugClass
        let minimumDailyDoseMg: Double
        let note: String?
        let source: String

        init(_ drug: Antidepressant, table: AntidepressantTable) {
            genericName = drug.genericName
            drugClass = drug.drugClass
            minimumDailyDoseMg = drug.minimumDailyDoseMg
            note = drug.note
            source = table.isStandard(drug) ? AntidepressantTable.source : "clinic setting"
        }
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.read) { _, _ in try .json(try await database.clinicSettings()) }
        router.add(Self.change) { request, context in
            var request = request
            let body = try await request.decodeJSON(ClinicSettings.Change.self, context: context)
            return try .json(try await changeSettings(body, actor: context.actor))
        }
        router.add(Self.antidepressants) { _, _ in try Self.list(try await database.antidepressantTable()) }
        router.add(Self.setAntidepressant) { request, context in
            var request = request
            let body = try await request.decodeJSON(DrugForm.self, context: context)
            let name = context.parameters.get("name") ?? ""
            return try Self.list(try await setDrug(name, body, actor: context.actor))
        }
        router.add(Self.removeAntidepressant) { _, context in
            let name = (context.parameters.get("name") ?? "").removingPercentEncoding ?? ""
            return try Self.list(try await database.editAntidepressant(AntidepressantEdit(genericName: name.lowercased(), drug: nil), by: context.actor))
        }
    }

    static func list(_ table: AntidepressantTable) throws -> Response {
        try .json(ListDTO(items: table.drugs.map { DrugDTO($0, table: table) }))
    }

    /// Shared with the settings page.
    func changeSettings(_ change: ClinicSettings.Change, actor: Actor) async throws -> ClinicSettings {
        let settings = try await database.clinicSettings().changed(change)
        return try await database.saveClinicSettings(settings, by: actor)
    }

    func setDrug(_ name: String, _ form: DrugForm, actor: Actor) async throws -> AntidepressantTable {
        let edit = try AntidepressantEdit.checked(genericName: name.removingPercentEncoding ?? name, drugClass: form.drugClass,
                                                  minimumDailyDoseMg: form.minimumDailyDoseMg, note: form.note)
        return try await database.editAntidepressant(edit, by: actor)
    }
}
