import Hummingbird
import VigilCore
import VigilStorage

/// Recognises who is calling: API routes by `Authorization: Bearer`, pages by the session cookie.
/// Only recognition happens here; what they may do is decided per endpoint in `EndpointRouter`.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = VigilContext
    let database: Database
    let policy: SessionPolicy
    let cookies: SignInCookies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let isAPI = request.uri.path.hasPrefix("/api/")
        let token = isAPI ? request.bearerToken : request.cookies[cookies.sessionName]?.value
        if let token, !token.isEmpty, token.count <= 128,
           let resumed = try await database.resumeSession(
               token: token, kind: isAPI ? .api : .browser, policy: policy, address: context.address) {
            context.identity = Identity(user: resumed.user, session: resumed.session, sites: resumed.sites, currentSite: resumed.site)
            context.site = resumed.site
        }
        return try await next(request, context)
    }
}

extension Request {
    var bearerToken: String? {
        guard let value = headers[.authorization], value.lowercased().hasPrefix("bearer ") else { return nil }
        return String(value.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
    }
}
