import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// API sign-in: exchange an email and password for a bearer token, and revoke it.
struct AuthAPI {
    static let issueToken = Endpoint(.post, "/api/v1/auth/token", .api, .open,
                                     "Exchange email and password for a bearer token",
                                     .init(request: "Credentials", response: "Token"))
    static let revokeToken = Endpoint(.delete, "/api/v1/auth/token", .api, .signedIn,
                                      "Revoke the token used for this request", .init(status: 204))
    static let me = Endpoint(.get, "/api/v1/auth/me", .api, .signedIn, "The signed-in user", .init(response: "User"))

    let database: Database
    let authenticator: Authenticator

    struct Credentials: Decodable {
        let email: String?
        let password: String?
        /// The site the token works at (default: the user's first open site).
        let siteId: String?
    }

    struct Token: Encodable {
        let token: String
        let expiresAt: Date
        let user: UserDTO
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.issueToken) { request, context in
            var request = request
            let body = try await request.decodeJSON(Credentials.self, context: context)
            var validator = Validator()
            validator.check(body.email != nil, "email", "is required")
            validator.check(body.password != nil, "password", "is required")
            let site = body.siteId.flatMap(UUID.init(uuidString:))
            validator.check(body.siteId == nil || site != nil, "siteId", "must be a site's id")
            try validator.finish()
            let (user, started) = try await authenticator.signIn(
                email: body.email!, password: body.password!, kind: .api, site: site, actor: context.actor)
            return try .json(Token(token: started.token, expiresAt: started.session.expiresAt, user: UserDTO(user)))
        }
        router.add(Self.revokeToken) { _, context in
            try await database.endSession(context.identity!.session, reason: .revoked, actor: context.actor)
            return Response(status: .noContent)
        }
        router.add(Self.me) { _, context in
            try .json(UserDTO(context.identity!.user))
        }
    }
}
