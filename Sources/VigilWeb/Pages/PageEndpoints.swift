/// The HTML pages. Forms post back to the page they came from.
enum PageEndpoints {
    static let signIn = Endpoint(.get, "/sign-in", .page, .open, "Sign-in page", .init(mediaType: "text/html"))
    static let submitSignIn = Endpoint(.post, "/sign-in", .page, .open, "Sign in with email and password",
                                       .init(status: 303))
    static let signOut = Endpoint(.post, "/sign-out", .page, .signedIn, "Sign out and end the session", .init(status: 303))
    static let home = Endpoint(.get, "/", .page, .signedIn, "Home page", .init(mediaType: "text/html"))
    static let users = Endpoint(.get, "/users", .page, .permission(.manageUsers), "Users page", .init(mediaType: "text/html"))
    static let createUser = Endpoint(.post, "/users", .page, .permission(.manageUsers), "Create a user from the form",
                                     .init(status: 303))
    static let changeUser = Endpoint(.post, "/users/{id}", .page, .permission(.manageUsers),
                                     "Change a user's role or active flag from the form", .init(status: 303))
    static let audit = Endpoint(.get, "/audit", .page, .permission(.readAuditTrail), "Audit log page with filters",
                                .init(mediaType: "text/html", query: AuditAPI.filterQuery + UsersAPI.pageQuery))
}
