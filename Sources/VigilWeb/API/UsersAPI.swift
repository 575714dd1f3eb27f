import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// Staff accounts: list, create, read, change name, role or active flag. Admins only.
struct UsersAPI {
    static let list = Endpoint(.get, "/api/v1/users", .api, .permission(.manageUsers), "List users",
                               .init(response: "UserPage", query: pageQuery))
    static let create = Endpoint(.post, "/api/v1/users", .api, .permission(.manageUsers), "Create a user",
                                 .init(request: "NewUser", status: 201, response: "User"))
    static let read = Endpoint(.get, "/api/v1/users/{id}", .api, .permission(.manageUsers), "Read a user",
                               .init(response: "User"))
    static let update = Endpoint(.patch, "/api/v1/users/{id}", .api, .permission(.manageUsers),
                                 "Change a user's name, role, active flag, sites or network access (deactivating ends their sessions)",
                                 .init(request: "UserChange", response: "User"))

    static let pageQuery = [
        QueryParameter("page", "integer", "Page number, from 1"),
        QueryParameter("perPage", "integer", "Rows per page, 1 to \(Page.maximumSize) (default \(Page.defaultSize))"),
    ]

    let database: Database
    let hasher: PasswordHasher

    struct NewUser: Decodable {
        let email: String?
        let name: String?
        let role: String?
        let password: String?
        let sites: [String]?
        let networkAccess: Bool?
    }

    struct Change: Decodable {
        let name: String?
        let role: String?
        let active: Bool?
        let sites: [String]?
        let networkAccess: Bool?
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.list) { request, _ in
            let page = try request.page()
            return try .json(PageDTO(try await database.users(page: page), UserDTO.init))
        }
        router.add(Self.create) { request, context in
            var request = request
            let body = try await request.decodeJSON(NewUser.self, context: context)
            let user = try await createUser(UserDraft(email: body.email, name: body.name, role: body.role, password: body.password,
                                                      sites: body.sites, networkAccess: body.networkAccess), actor: context.actor)
            return try .json(UserDTO(user), status: .created)
        }
        router.add(Self.read) { _, context in
            guard let user = try await database.user(id: try context.uuidParameter("id")) else { throw Problem.notFound("user") }
            return try .json(UserDTO(user))
        }
        router.add(Self.update) { request, context in
            var request = request
            let id = try context.uuidParameter("id")
            let body = try await request.decodeJSON(Change.self, context: context)
            let user = try await changeUser(id: id, UserChange.checked(name: body.name, role: body.role, active: body.active,
                                                                                   sites: body.sites, networkAccess: body.networkAccess), context: context)
            return try .json(UserDTO(user))
        }
    }

    /// Shared with the users page: hashes off the event loop, then stores and audits.
    func createUser(_ draft: UserDraft, actor: Actor) async throws -> User {
        try await database.createUser(draft, passwordHash: try await hasher.hash(draft.password), by: actor)
    }

    /// Shared with the users page. An admin may not remove their own admin access, so a clinic can
    /// never lock itself out of user management by accident.
    func changeUser(id: UUID, _ change: UserChange, context: VigilContext) async throws -> User {
        if id == context.identity?.user.id {
            if change.active == false { throw ValidationError("active", "you cannot deactivate your own account") }
            if let role = change.role, !role.may(.manageUsers) { throw ValidationError("role", "you cannot remove your own administrator role") }
        }
        return try await database.updateUser(id: id, change, by: context.actor)
    }
}

extension VigilContext {
    /// A path parameter that must be a UUID; anything else is a 404, since no record has that id.
    func uuidParameter(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else { throw Problem.notFound("record") }
        return id
    }
}
