import Foundation
import HTTPTypes
import VigilCore

/// One route of Vigil, declared once: the router, the permission check, the OpenAPI document and
/// the links in pages are all made from this value (architecture principle 7: typed routes).
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// Who may call an endpoint.
    public enum Access: Sendable, Hashable {
        /// Anyone, signed in or not.
        case open
        /// Any signed-in user.
        case signedIn
        /// A signed-in user whose role holds the permission.
        case permission(Permission)
    }

    /// How an endpoint talks: JSON API, HTML page, or plain system endpoint.
    public enum Kind: String, Sendable, Hashable {
        case api, page, system
    }

    public let method: HTTPRequest.Method
    /// The path with `{name}` for each parameter, e.g. `/api/v1/users/{id}`.
    public let path: String
    public let kind: Kind
    public let access: Access
    public let summary: String
    /// OpenAPI details: request schema, success status and schema, query parameters.
    public let documentation: EndpointDocumentation

    public init(_ method: HTTPRequest.Method, _ path: String, _ kind: Kind, _ access: Access, _ summary: String,
                _ documentation: EndpointDocumentation = EndpointDocumentation()) {
        self.method = method
        self.path = path
        self.kind = kind
        self.access = access
        self.summary = summary
        self.documentation = documentation
    }

    public var description: String { "\(method.rawValue) \(path)" }

    /// The path parameters, in order.
    public var parameters: [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    /// A concrete link: `Endpoint.user.link("id", id)` fills each `{name}` in order.
    public func link(_ values: String...) -> String {
        link(values)
    }

    /// The link with a query string: empty values left out, names in order, values percent-encoded.
    public func link(_ values: String..., query: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let pairs = query.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        return link(values) + (pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&"))
    }

    public func link(_ values: [String]) -> String {
        var remaining = values[...]
        return "/" + path.split(separator: "/").map { part in
            guard part.hasPrefix("{"), let value = remaining.popFirst() else { return String(part) }
            return value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? value
        }.joined(separator: "/")
    }

    public static func == (lhs: Endpoint, rhs: Endpoint) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}

/// What the OpenAPI document says about an endpoint beyond its method, path and summary.
public struct EndpointDocumentation: Sendable {
    /// A component schema name for the JSON request body.
    public var request: String?
    /// The success status and its component schema (nil: no body or a non-JSON one).
    public var status: Int
    public var response: String?
    /// Media type of a non-JSON success response (HTML pages, CSS).
    public var mediaType: String
    public var query: [QueryParameter]
    /// Whether the endpoint reads one site's records (it documents `QueryParameter.site`).
    public var readsSite: Bool { query.contains(where: \.isSite) }

    public init(request: String? = nil, status: Int = 200, response: String? = nil, mediaType: String = "application/json",
                query: [QueryParameter] = []) {
        self.request = request
        self.status = status
        self.response = response
        self.mediaType = mediaType
        self.query = query
    }
}

/// A documented query-string parameter.
public struct QueryParameter: Sendable {
    public let name: String
    public let type: String
    public let format: String?
    public let description: String

    public init(_ name: String, _ type: String, format: String? = nil, _ description: String) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
    }

    /// The site whose records a read shows. An endpoint that documents it reads one site's records
    /// (its board, its book): the caller's current site unless another is asked, which the router
    /// allows only for a site the user works at or with the network view (`EndpointRouter`).
    public static let site = QueryParameter("site", "string", format: "uuid", "a site's id (default: the site you work at now)")

    public var isSite: Bool { name == Self.site.name }
}
