import Hummingbird

/// A request with a method an address does not take is answered 405 with the `Allow` header (RFC
/// 9110 15.5.6), not the router's 404: whatever the method (TRACE, QUERY, or one nobody has heard of).
/// Added after every route, so only requests no route matched reach it — Hummingbird builds each
/// route's chain from the middleware added before the route, and the not-found chain from all of it.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = VigilContext
    /// Each address as its segments (a `{parameter}` matches any one segment), with what it allows.
    let addresses: [(segments: [Substring], allowed: [String])]

    init(endpoints: [Endpoint]) {
        addresses = Dictionary(grouping: endpoints, by: \.path).map { path, endpoints in
            let methods = endpoints.map(\.method)
            let allowed = (methods.contains(.get) ? methods + [.head] : methods).map(\.rawValue).sorted()
            return (path.split(separator: "/"), allowed)
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let segments = request.uri.path.split(separator: "/")
        let matches = addresses.filter { address in
            address.segments.count == segments.count
                && zip(address.segments, segments).allSatisfy { pattern, segment in pattern.hasPrefix("{") || pattern == segment }
        }
        // As the router does, a named address (`/patients/new`) wins over a parameter (`/patients/{id}`).
        func parameters(_ segments: [Substring]) -> Int { segments.filter { $0.hasPrefix("{") }.count }
        let fewest = matches.map { parameters($0.segments) }.min()
        let allowed = Set(matches.filter { parameters($0.segments) == fewest }.flatMap(\.allowed)).sorted().joined(separator: ", ")
        guard !allowed.isEmpty else { return try await next(request, context) }
        throw Problem(.methodNotAllowed, "This address accepts \(allowed).", headers: [.allow: allowed])
    }
}
