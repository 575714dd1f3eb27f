import Foundation
import Hummingbird
import VigilCore
import VigilStorage

/// The clinic network's sites: listed for everyone signed in (the site switcher), added and changed
/// by administrators; and the signed-in user's move to another of their sites.
struct SitesAPI {
    static let list = Endpoint(.get, "/api/v1/sites", .api, .signedIn, "The network's sites, open ones first", .init(response: "SiteList"))
    static let create = Endpoint(.post, "/api/v1/sites", .api, .permission(.manageSettings),
                                 "Add a site: name and time zone, with its chairs, hours, closed dates, DEA registration, REMS certification and crisis line",
                                 .init(request: "NewSite", status: 201, response: "Site"))
    static let change = Endpoint(.patch, "/api/v1/sites/{id}", .api, .permission(.manageSettings),
                                 "Change a site (only the fields given); active false closes it and keeps its records",
                                 .init(request: "SiteChange", response: "Site"))
    static let choose = Endpoint(.post, "/api/v1/auth/site", .api, .signedIn,
                                 "Work at another of your sites: the board, sessions, REMS queue and stock you see by default follow it",
                                 .init(request: "SiteChoice", response: "Site"))

    let database: Database

    struct Choice: Decodable {
        let siteId: String?
    }

    func register(on router: inout EndpointRouter) {
        router.add(Self.list) { _, _ in try .json(ListDTO(items: try await database.sites().map(SiteDTO.init))) }
        router.add(Self.create) { request, context in
            var request = request
            let site = try Site.created(try await request.decodeJSON(Site.Change.self, context: context))
            return try .json(SiteDTO(try await database.createSite(site, by: context.actor)), status: .created)
        }
        router.add(Self.change) { request, context in
            var request = request
            let change = try await request.decodeJSON(Site.Change.self, context: context)
            return try .json(SiteDTO(try await database.changeSite(id: try context.uuidParameter("id"), change, by: context.actor)))
        }
        router.add(Self.choose) { request, context in
            var request = request
            let choice = try await request.decodeJSON(Choice.self, context: context)
            return try .json(SiteDTO(try await choose(choice.siteId, context: context)))
        }
    }

    /// Moves the sign-in to another site; shared with the page's site switcher.
    func choose(_ text: String?, context: VigilContext) async throws -> Site {
        guard let id = text.flatMap(UUID.init(uuidString:)) else { throw ValidationError("siteId", "must be a site's id") }
        let identity = context.identity!
        return try await database.switchSite(identity.session, of: identity.user, to: id, actor: context.actor)
    }
}

struct SiteDTO: Encodable, Sendable {
    let id: String
    let name: String
    let address: String
    let phone: String
    let timeZone: String
    let chairs: [String]
    let openingHours: String
    let closedDates: [String]
    let deaRegistration: String
    let deaRegistrationExpiresOn: String?
    let remsSettingId: String
    let remsCertifiedOn: String?
    let crisisLine: String
    let active: Bool

    init(_ site: Site) {
        id = site.id.lowercased
        name = site.name
        address = site.address
        phone = site.phone
        timeZone = site.timeZoneID
        chairs = site.chairs
        openingHours = site.openingHours.description
        closedDates = site.closedDates.map(\.line)
        deaRegistration = site.deaRegistration
        deaRegistrationExpiresOn = site.deaRegistrationExpiresOn?.description
        remsSettingId = site.remsSettingID
        remsCertifiedOn = site.remsCertifiedOn?.description
        crisisLine = site.crisisLine
        active = site.active
    }
}
