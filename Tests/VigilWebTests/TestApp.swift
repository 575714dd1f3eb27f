import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import VigilCore
import VigilStorage
import VigilTestSupport
import VigilWeb

/// The whole application on a fresh database with one user of every role, driven through the
/// router without sockets.
struct TestApp: Sendable {
    let database: Database
    /// The registered endpoints, and the router's own list of routes as "METHOD /path".
    let endpoints: [Endpoint]
    let routes: [String]
    let users: [Role: User]

    static func with(clock: TestClock? = nil, _ body: @escaping @Sendable (TestApp, any TestClientProtocol) async throws -> Void) async throws {
        let now: @Sendable () -> Date = if let clock { { clock.now } } else { { TestTime.now } }
        try await TestDatabase.with(clock: now) { database in
            var users: [Role: User] = [:]
            for role in Role.allCases { users[role] = try await TestStaff.create(role, in: database) }
            let server = try await VigilServer(database: database, settings: ServerSettings.test, hasher: TestStaff.hasher)
            let app = TestApp(database: database, endpoints: server.endpoints,
                              routes: server.router.routes.map { "\($0.method.rawValue) \($0.path)" }, users: users)
            try await Application(router: server.router).test(.router) { client in
                try await body(app, client)
            }
        }
    }

    /// A new API token for the role's user (no bcrypt: the session is started directly).
    func token(_ role: Role) async throws -> String {
        try await database.startSession(for: users[role]!, kind: .api, policy: SessionPolicy(), actor: .commandLine).token
    }

    /// A new browser session for the role's user: the cookie header and the session's CSRF token.
    func browser(_ role: Role) async throws -> (cookie: String, csrf: String) {
        let started = try await database.startSession(for: users[role]!, kind: .browser, policy: SessionPolicy(), actor: .commandLine)
        return ("__Host-vigil-session=\(started.token)", started.session.csrfToken)
    }
}

extension ServerSettings {
    /// The defaults, in the test clinic's time zone.
    static var test: ServerSettings {
        var settings = ServerSettings()
        settings.timeZone = TestTime.zone
        return settings
    }
}

extension HTTPFields {
    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
    static let json: HTTPFields = [.contentType: "application/json"]
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
}

extension ByteBuffer {
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
    var text: String { String(buffer: self) }
}

extension TestResponse {
    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var isProblem: Bool { headers[.contentType] == "application/problem+json" }
}

/// URL-encodes a form body.
func formBody(_ fields: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._*")
    return ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
}
