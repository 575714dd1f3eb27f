import Foundation
import VigilCore

/// A user as the API shows it; the password hash never leaves storage. Ids are lower-case UUIDs
/// (RFC 9562 §4), as stored.
struct UserDTO: Encodable, Sendable {
    let id: String
    let email: String
    let name: String
    let role: Role
    let active: Bool
    let createdAt: Date
    let sites: [String]
    let networkAccess: Bool

    init(_ user: User) {
        id = user.id.lowercased
        email = user.email
        name = user.name
        role = user.role
        active = user.active
        createdAt = user.createdAt
        sites = user.siteIDs.map(\.lowercased)
        networkAccess = user.networkAccess
    }
}

/// A page of items with the numbers a client needs to fetch the rest.
struct PageDTO<Item: Encodable & Sendable>: Encodable, Sendable {
    let items: [Item]
    let page: Int
    let perPage: Int
    let total: Int

    init<Source>(_ paged: Paged<Source>, _ transform: (Source) -> Item) {
        items = paged.items.map(transform)
        page = paged.page.number
        perPage = paged.page.size
        total = paged.total
    }
}
