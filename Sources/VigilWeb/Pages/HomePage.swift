import Hummingbird
import VigilCore

/// The first page after sign-in: who you are, what your role may do, and the clinic's work areas.
struct HomePage {
    let pages: PageRenderer

    struct View {
        let shell: Shell
        let name: String
        let roleTitle: String
        let permissions: [String]
        let areas: [Shell.Area]
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.home) { _, context in
            let user = context.identity!.user
            let view = View(
                shell: Shell(title: "Home", context: context, current: PageEndpoints.home.path),
                name: user.name, roleTitle: user.role.title,
                permissions: Permission.allCases.filter(user.role.may).map { $0.summary.prefix(1).uppercased() + $0.summary.dropFirst() },
                areas: Shell.areas(for: user.role))
            return pages.page("home", view)
        }
    }
}
