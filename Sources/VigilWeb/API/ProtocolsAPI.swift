import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The protocol library: the built-in protocols and the clinic's own, copied from them and versioned.
struct ProtocolsAPI {
    static let list = Endpoint(.get, "/api/v1/protocols", .api, .signedIn,
                               "Every protocol a course can follow: the built-in ones and the newest version of each clinic protocol",
                               .init(response: "ProtocolList"))
    static let versions = Endpoint(.get, "/api/v1/protocols/{id}", .api, .signedIn, "Every version of one protocol, newest first",
                                   .init(response: "ProtocolList"))
    static let create = Endpoint(.post, "/api/v1/protocols", .api, .permission(.manageSettings),
                                 "Create a clinic protocol by copying one (copyOf, id, name) and changing its values",
                                 .init(request: "ProtocolDraft", status: 201, response: "Protocol"))
    static let revise = Endpoint(.patch, "/api/v1/protocols/{id}", .api, .permission(.manageSettings),
                                 "Change a clinic protocol: saved as its next version; courses keep the version they started with",
                                 .init(request: "ProtocolDraft", response: "Protocol"))

    static let sign = Endpoint(.post, "/api/v1/protocols/{id}/signature", .api, .permission(.prescribe),
                               "A prescriber signs the clinic protocol's newest version; only then do new courses follow it",
                               .init(response: "Protocol"))

    let database: Database

    func register(on router: inout EndpointRouter) {
        router.add(Self.sign) { _, context in
            try .json(ProtocolDTO(try await database.signProtocol(id: context.parameters.get("id") ?? "", prescriber: context.identity!.user,
                                                                  by: context.actor)))
        }
        router.add(Self.list) { _, _ in
            try .json(ListDTO(items: try await database.treatmentProtocols().map(ProtocolDTO.init)))
        }
        router.add(Self.versions) { _, context in
            try .json(ListDTO(items: try await database.protocolVersions(id: context.parameters.get("id") ?? "").map(ProtocolDTO.init)))
        }
        router.add(Self.create) { request, context in
            var request = request
            let draft = try await request.decodeJSON(ProtocolDraft.self, context: context)
            return try .json(ProtocolDTO(try await save(draft, id: nil, context: context)), status: .created)
        }
        router.add(Self.revise) { request, context in
            var request = request
            let draft = try await request.decodeJSON(ProtocolDraft.self, context: context)
            return try .json(ProtocolDTO(try await save(draft, id: context.parameters.get("id") ?? "", context: context)))
        }
    }

    /// A new clinic protocol (`id` nil: copied from `draft.copyOf`) or the next version of one; storage
    /// refuses built-in and taken ids. Shared with the page.
    func save(_ draft: ProtocolDraft, id: String?, context: VigilContext) async throws -> TreatmentProtocol {
        let base: TreatmentProtocol
        if let id {
            guard draft.copyOf == nil, draft.id == nil else { throw ValidationError("copyOf", "applies only to a new protocol") }
            base = try await database.protocolVersions(id: id)[0]
        } else {
            guard let source = draft.copyOf, let found = try await database.treatmentProtocols().first(where: { $0.id == source }) else {
                throw ValidationError("copyOf", "must name a protocol in the library to copy")
            }
            guard draft.id != nil else { throw ValidationError("id", "is required: the new protocol's short name") }
            base = found
        }
        let builtIn = ProtocolLibrary.all.first { $0.route == base.route }!
        let made = try draft.applied(to: base, builtIn: builtIn, newID: id == nil ? draft.id : nil)
        return try await database.saveClinicProtocol(made, isNew: id == nil, author: context.identity!.user, by: context.actor)
    }
}
