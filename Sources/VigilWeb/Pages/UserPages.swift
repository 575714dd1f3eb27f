import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The users admin page: list, create, change role, deactivate and reactivate.
struct UserPages {
    let database: Database
    let users: UsersAPI
    let pages: PageRenderer

    struct View {
        struct Row {
            let id: String
            let name: String
            let email: String
            let roleTitle: String
            let active: Bool
            let isSelf: Bool
            let changeLink: String
            let roles: [SelectOption]
            /// Every site, ticked where the user works; and the network view.
            let sites: [SelectOption]
            let siteNames: String
            let networkAccess: Bool
        }

        let shell: Shell
        let rows: [Row]
        let roles: [SelectOption]
        let sites: [SelectOption]
        let draft: [String: String]
        let errors: [FieldError]
        let message: String?
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.users) { request, context in
            let created = request.uri.queryParameters["done"].map(String.init)
            return try await page(context: context, message: created, status: .ok)
        }
        router.add(PageEndpoints.createUser) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            do {
                let ticked = form.ticked("site")
                let draft = try UserDraft(email: form["email"], name: form["name"], role: form["role"], password: form["password"],
                                          sites: ticked.isEmpty ? nil : ticked, networkAccess: form["networkAccess"] == "true")
                let user = try await users.createUser(draft, actor: context.actor)
                return .redirect(to: PageEndpoints.users.link(), done: "Created the account for \(user.email).")
            } catch let invalid as ValidationError {
                return try await page(context: context, draft: form.values, errors: invalid.errors, status: .unprocessableContent)
            } catch StorageError.conflict(let field, let message) {
                return try await page(context: context, draft: form.values, errors: [FieldError(field, message)], status: .conflict)
            }
        }
        router.add(PageEndpoints.changeUser) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            let id = try context.uuidParameter("id")
            do {
                // The role form sends the sites and the network view with it; the activation form only the flag.
                let withSites = form["role"] != nil
                let change = try UserChange.checked(name: nil, role: form["role"], active: form["active"].map { $0 == "true" },
                                                    sites: withSites ? form.ticked("site") : nil, networkAccess: withSites ? form["networkAccess"] == "true" : nil)
                let user = try await users.changeUser(id: id, change, context: context)
                return .redirect(to: PageEndpoints.users.link(), done: "Saved \(user.name): \(user.role.title), \(user.active ? "active" : "deactivated").")
            } catch let invalid as ValidationError {
                return try await page(context: context, errors: invalid.errors, status: .unprocessableContent)
            }
        }
    }

    private func page(context: VigilContext, draft: [String: String] = [:], errors: [FieldError] = [], message: String? = nil,
                      status: HTTPResponse.Status) async throws -> Response {
        let all = try await database.users(page: Page(number: 1, size: Page.maximumSize))
        let sites = try await database.sites()
        func options(selected: Role?) -> [SelectOption] { SelectOption.all(Role.self, selected: selected, label: \.title) }
        func places(_ ticked: (Site) -> Bool) -> [SelectOption] { sites.map { SelectOption(value: $0.id.lowercased, label: $0.name, selected: ticked($0)) } }
        let rows = all.items.map { user in
            View.Row(id: user.id.lowercased, name: user.name, email: user.email, roleTitle: user.role.title, active: user.active,
                     isSelf: user.id == context.identity?.user.id, changeLink: PageEndpoints.changeUser.link(user.id.lowercased),
                     roles: options(selected: user.role), sites: places { user.siteIDs.contains($0.id) },
                     siteNames: sites.filter { user.siteIDs.contains($0.id) }.map(\.name).joined(separator: ", ") + (user.networkAccess ? "; network view" : ""),
                     networkAccess: user.networkAccess)
        }
        let view = View(shell: Shell(title: "Users", context: context, current: PageEndpoints.users.path), rows: rows,
                        roles: options(selected: draft["role"].flatMap(Role.init(rawValue:)) ?? .nurse),
                        sites: places { draft["site.\($0.id.lowercased)"] != nil || (sites.count == 1) },
                        draft: draft.filter { $0.key != "password" && $0.key != "csrf" }, errors: errors, message: message)
        return pages.page("users", view, status: status)
    }
}
