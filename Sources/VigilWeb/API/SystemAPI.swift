import Foundation
import Hummingbird
import NIOCore
import VigilStorage

/// Liveness, readiness, the OpenAPI document and the stylesheet: no sign-in needed.
struct SystemAPI {
    static let health = Endpoint(.get, "/healthz", .system, .open, "The process is alive",
                                 .init(response: "Health"))
    static let ready = Endpoint(.get, "/readyz", .system, .open, "The database answers and takes writes (503 with the reason when it does not)",
                                .init(response: "Health"))
    static let openAPI = Endpoint(.get, "/api/v1/openapi.json", .api, .open, "This OpenAPI 3.1 document")
    static let stylesheet = Endpoint(.get, "/static/vigil.css", .system, .open, "The stylesheet",
                                     .init(mediaType: "text/css"))

    let database: Database
    let stylesheet: ByteBuffer

    struct Health: Encodable {
        let status: String
        let database: String?
        var reason: String? = nil
    }

    /// Registers last: the OpenAPI document describes every endpoint registered before it, and itself.
    func register(on router: inout EndpointRouter) {
        router.add(Self.health) { _, _ in try .json(Health(status: "alive", database: nil)) }
        router.add(Self.ready) { _, _ in
            let reason = await database.unavailability()
            return try .json(Health(status: reason == nil ? "ready" : "unavailable", database: database.engine.rawValue, reason: reason),
                             status: reason == nil ? .ok : .serviceUnavailable)
        }
        let stylesheet = stylesheet
        router.add(Self.stylesheet) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: stylesheet))
        }
        let document = ByteBuffer(bytes: OpenAPIDocument.data(router.endpoints + [Self.openAPI]))
        router.add(Self.openAPI) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: document))
        }
    }
}
