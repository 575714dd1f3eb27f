import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilStorage
import VigilTestSupport
import VigilWeb

/// With the database unreachable the server fails fast and says so: 503, never a 500 or a hang.
@Suite("Database outage")
struct DatabaseOutageTests {
    @Test func anUnreachableDatabaseAnswers503() async throws {
        // Port 1 on loopback: nothing listens, so every connection is refused at once.
        let database = try Database.open(.postgres(url: "postgres://vigil@127.0.0.1:1/vigil?sslmode=disable"))
        let server = try await VigilServer(database: database, settings: ServerSettings.test, hasher: TestStaff.hasher)
        try await Application(router: server.router).test(.router) { client in
            let started = ContinuousClock.now
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable)
            let alive = try await client.execute(uri: "/healthz", method: .get)
            #expect(alive.status == .ok, "the process itself is alive")
            let signIn = try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: .json,
                                                  body: .json(#"{"email":"a@clinic.example","password":"whatever it is"}"#))
            #expect(signIn.status == .serviceUnavailable && signIn.isProblem && signIn.headers[.retryAfter] == "5")
            let withToken = try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: .bearer("some-token"))
            #expect(withToken.status == .serviceUnavailable)
            #expect(started.duration(to: .now) < .seconds(20), "fails fast")
        }
        try await database.shutdown()
    }

    /// Deleting the SQLite file under a running server went unnoticed: /readyz stayed 200 and writes
    /// answered 201 into the unlinked file (hostile-testing issue, defect 4).
    @Test(.enabled(if: TestDatabase.engine == .sqlite)) func aDeletedDatabaseFileIsNoticed() async throws {
        try await TestApp.with { app, client in
            guard case .sqlite(let path) = app.database.location else { return }
            let headers = HTTPFields.bearer(try await app.token(.frontDesk)).merging(.json)
            let body = #"{"givenName":"Ana","familyName":"Rivera","birthDate":"1984-03-09","sex":"female"}"#
            #expect(try await client.execute(uri: "/api/v1/patients", method: .post, headers: headers, body: .json(body)).status == .created)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            try FileManager.default.removeItem(atPath: path)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable)
            let write = try await client.execute(uri: "/api/v1/patients", method: .post, headers: headers, body: .json(body))
            #expect(write.status == .serviceUnavailable && write.isProblem)
            // Another file put in its place is not the one the server opened either.
            FileManager.default.createFile(atPath: path, contents: Data())
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)
        }
    }
}
