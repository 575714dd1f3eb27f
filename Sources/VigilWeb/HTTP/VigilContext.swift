import Hummingbird
import NIOCore
import VigilCore

/// The signed-in person behind a request and the session they use.
public struct Identity: Sendable {
    public let user: User
    public let session: SignInSession

    /// The same person as an audit actor, seen from `address`.
    func actor(address: String?) -> Actor {
        Actor(userID: user.id, role: user.role, address: address, sessionID: session.id)
    }
}

/// Per-request state: who is asking and from where.
public struct VigilContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware` when the request carries a valid session or token.
    public var identity: Identity?
    /// The client's address: as seen on the socket, or as a trusted proxy forwarded it.
    public internal(set) var address: String?

    /// Request bodies above 1 MiB are refused with 413; nothing Vigil accepts comes near it.
    public var maxUploadSize: Int { 1 << 20 }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress
    }

    /// Who is acting, for the audit trail.
    public var actor: Actor {
        identity?.actor(address: address) ?? .anonymous(address: address)
    }
}
