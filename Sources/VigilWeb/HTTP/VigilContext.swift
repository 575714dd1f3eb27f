import Foundation
import Hummingbird
import NIOCore
import VigilCore

/// The signed-in person behind a request and the session they use.
public struct Identity: Sendable {
    public let user: User
    public let session: SignInSession
    /// Every site of the network, and the one the user works at in this sign-in (nil: none open to them).
    public let sites: [Site]
    public let currentSite: Site?

    /// The sites the user may switch to: open ones they work at, or every open one with the network view.
    public var workplaces: [Site] { sites.filter { $0.active && user.mayWork(at: $0.id) } }
}

/// Per-request state: who is asking and from where.
public struct VigilContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware` when the request carries a valid session or token.
    public var identity: Identity?
    /// The client's address: as seen on the socket, or as a trusted proxy forwarded it.
    public internal(set) var address: String?
    /// The site the request works with: the user's current site, or the one a read asked for and
    /// may see (`EndpointRouter`). New records are made at it.
    public internal(set) var site: Site?

    /// Request bodies above 1 MiB are refused with 413; nothing Vigil accepts comes near it.
    public var maxUploadSize: Int { 1 << 20 }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress
    }

    /// The id of the request's site, where new records are made (`Actor.workingSite`).
    public var siteID: UUID { actor.workingSite }

    /// A site of the network by id (a course's, a session's), from the sites read at sign-in.
    public func site(_ id: UUID) throws -> Site {
        guard let site = identity?.sites.site(id) else { throw Problem(.notFound, "No site has that id.") }
        return site
    }

    /// The request's site, which a signed-in user always has unless no open site is theirs.
    public func workingSite() throws -> Site {
        guard let site else { throw Problem(.forbidden, "You work at no open site; an administrator adds you to one.") }
        return site
    }

    /// "&site=…" when the request's site is not the user's current one, for links that stay on it.
    public var siteQuery: String {
        guard let site, site.id != identity?.currentSite?.id else { return "" }
        return "&site=\(site.id.uuidString.lowercased())"
    }

    /// Who is acting, for the audit trail.
    public var actor: Actor {
        guard let identity else { return .anonymous(address: address) }
        return Actor(userID: identity.user.id, role: identity.user.role, address: address, sessionID: identity.session.id, siteID: site?.id)
    }
}
