import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// Registers endpoints on the Hummingbird router and is the one place that enforces access:
/// sign-in, the role's permission (a denial is audited), and the anti-forgery token on every
/// state-changing form post.
struct EndpointRouter {
    typealias Handler = @Sendable (Request, VigilContext) async throws -> Response

    let router: Router<VigilContext>
    let database: Database
    let cookies: SignInCookies
    private(set) var endpoints: [Endpoint] = []

    init(router: Router<VigilContext>, database: Database, cookies: SignInCookies) {
        self.router = router
        self.database = database
        self.cookies = cookies
    }

    mutating func add(_ endpoint: Endpoint, _ handler: @escaping Handler) {
        precondition(!endpoints.contains(endpoint), "\(endpoint) declared twice")
        endpoints.append(endpoint)
        let database = database
        let cookies = cookies
        router.on(RouterPath(endpoint.path), method: endpoint.method) { request, context in
            var request = request
            var context = context
            if let refusal = try await Self.refusal(of: endpoint, request: &request, context: &context, database: database, cookies: cookies) {
                return refusal
            }
            // The request's calendar is its site's: dates and times in that site's zone.
            return try await ClinicCalendar.$site.withValue(context.site) { try await handler(request, context) }
        }
    }

    /// Why the request may not proceed, as the response to send; nil when it may.
    private static func refusal(of endpoint: Endpoint, request: inout Request, context: inout VigilContext, database: Database, cookies: SignInCookies) async throws -> Response? {
        if endpoint.access != .open {
            guard let identity = context.identity else {
                if endpoint.kind == .page {
                    return .redirect(to: PageEndpoints.signIn.link() + "?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
                }
                throw Problem.notSignedIn
            }
            if case .permission(let permission) = endpoint.access, !identity.user.may(permission) {
                try await database.audit(AuditRecord(
                    context.actor, AuditAction(for: endpoint.method), .denied,
                    resourceType: "Route", resourceID: endpoint.description, detail: "needs permission \(permission.rawValue)"))
                throw Problem(.forbidden, "Your role (\(identity.user.role.rawValue)) may not \(permission.summary).")
            }
            if endpoint.documentation.readsSite { try await choose(site: request.uri.queryParameters["site"].map(String.init), for: endpoint, identity: identity,
                                                     context: &context, database: database) }
        }
        if endpoint.kind == .page, endpoint.method == .post {
            let form = try await FormBody(request: &request, context: context)
            // A signed-in page's form carries the session's token, and only that; a form for everyone
            // (sign-in, the public consultation form, a patient's measure link) carries the form cookie's.
            let expected = endpoint.access == .open ? [context.identity?.session.csrfToken, request.cookies[cookies.formTokenName]?.value].compactMap { $0 }
                : [context.identity?.session.csrfToken].compactMap { $0 }
            guard let sent = form["csrf"], expected.contains(where: { constantTimeEqual(sent, $0) }) else {
                throw Problem(.forbidden, "The form has expired or did not come from Vigil. Reload the page and try again.")
            }
        }
        return nil
    }
}

extension EndpointRouter {
    /// The site a read of one site's records shows: the current site, or the one asked for when the
    /// user works there or has the network view; another is refused with 403 and audited.
    private static func choose(site asked: String?, for endpoint: Endpoint, identity: Identity, context: inout VigilContext, database: Database) async throws {
        guard let asked else {
            _ = try context.workingSite()
            return
        }
        guard asked.count <= 36, let id = UUID(uuidString: asked), let site = identity.sites.site(id) else {
            throw Problem.invalid([FieldError("site", "must be the id of a site of the network")])
        }
        guard identity.user.mayWork(at: site.id) else {
            try await database.audit(AuditRecord(context.actor, AuditAction(for: endpoint.method), .denied, resourceType: "Route",
                                                 resourceID: endpoint.description, detail: "site \(site.id.lowercased) (\(site.name)) is not one of the user's sites"))
            throw Problem(.forbidden, "You do not work at \(site.name); its records are for its staff and those with the network view.")
        }
        context.site = site
    }
}

extension AuditAction {
    /// The action a request would have performed, for auditing a denial.
    init(for method: HTTPRequest.Method) {
        switch method {
        case .post: self = .create
        case .put, .patch: self = .update
        case .delete: self = .delete
        default: self = .read
        }
    }
}

/// Compares secrets without leaking, through timing, how many leading characters matched.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
}
