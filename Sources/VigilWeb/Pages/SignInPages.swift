import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// Browser sign-in and sign-out.
struct SignInPages {
    let database: Database
    let authenticator: Authenticator
    let pages: PageRenderer
    let cookies: SignInCookies

    struct View {
        let shell: Shell
        let csrf: String
        let email: String
        let next: String
        let error: String?
        let message: String?
        /// The open sites to start at, when the network has more than one.
        let sites: [SelectOption]
    }

    func register(on router: inout EndpointRouter) {
        router.add(PageEndpoints.signIn) { request, context in
            let message = request.uri.queryParameters["signedOut"] != nil ? "You have signed out." : nil
            return try await form(context: context, email: "", next: request.uri.queryParameters["next"].map(String.init),
                                  error: nil, message: message, status: .ok)
        }
        router.add(PageEndpoints.submitSignIn) { request, context in
            var request = request
            let form = try await FormBody(request: &request, context: context)
            let email = form["email"] ?? ""
            do {
                let (_, started) = try await authenticator.signIn(email: email, password: form["password"] ?? "", kind: .browser,
                                                                  site: form["site"].flatMap(UUID.init(uuidString:)), actor: context.actor)
                // Rotation (ASVS V3.2.1): whatever session the browser had is ended; the new one has a new id.
                if let previous = context.identity {
                    try await database.endSession(previous.session, reason: .signedOut, actor: context.actor)
                }
                var response = Response.redirect(to: Self.safeNext(form["next"]))
                response.setCookie(cookies.session(started.token))
                return response
            } catch let problem as Problem where problem.status == .unauthorized || problem.status == .tooManyRequests {
                return try await self.form(context: context, email: email, next: form["next"], error: problem.detail, message: nil,
                                           status: problem.status)
            }
        }
        router.add(PageEndpoints.signOut) { _, context in
            try await database.endSession(context.identity!.session, reason: .signedOut, actor: context.actor)
            var response = Response.redirect(to: PageEndpoints.signIn.link() + "?signedOut=1")
            response.setCookie(cookies.clearedSession())
            return response
        }
    }

    /// The sign-in form with a fresh form token in a cookie and in the form (double-submit).
    private func form(context: VigilContext, email: String, next: String?, error: String?, message: String?,
                      status: HTTPResponse.Status) async throws -> Response {
        let token = Digest.randomToken()
        let open = try await database.sites().filter(\.active)
        let view = View(shell: Shell(title: "Sign in", context: context), csrf: token, email: email,
                        next: Self.safeNext(next), error: error, message: message,
                        sites: open.count > 1 ? open.map { SelectOption(value: $0.id.lowercased, label: $0.name, selected: false) } : [])
        var response = pages.page("sign-in", view, status: status)
        response.setCookie(cookies.formToken(token))
        return response
    }

    /// Only a path on this site, never another origin (`//evil.example`, `https://…`), read as a
    /// browser reads it: percent-decoded, with the tabs and line breaks it drops removed (`/%09/evil.example/`).
    static func safeNext(_ next: String?) -> String {
        guard let next, let decoded = next.removingPercentEncoding,
              !decoded.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !"\t\n\r".unicodeScalars.contains($0) })
        else { return PageEndpoints.home.link() }
        let read = decoded.filter { !"\t\n\r".contains($0) }
        guard read.hasPrefix("/"), !read.hasPrefix("//"), !read.contains("\\"), !next.contains(where: { "\t\n\r".contains($0) })
        else { return PageEndpoints.home.link() }
        return next
    }
}
