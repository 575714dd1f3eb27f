import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport
import VigilWeb

@Suite("API sign-in")
struct AuthAPITests {
    static func signIn(_ client: some TestClientProtocol, _ email: String, _ password: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: .json,
                                 body: .json(#"{"email":"\#(email)","password":"\#(password)"}"#))
    }

    @Test func aTokenIsIssuedUsedAndRevoked() async throws {
        try await TestApp.with { app, client in
            let response = try await Self.signIn(client, "NURSE@test.vigil.example", TestStaff.password)
            #expect(response.status == .ok)
            let body = response.object
            let token = try #require(body["token"] as? String)
            #expect(token.count >= 43)
            let expiresAt = try #require((body["expiresAt"] as? String).flatMap(Instant.parse))
            #expect(abs(expiresAt.timeIntervalSince(TestTime.now) - 12 * 3600) < 60)
            let user = try #require(body["user"] as? [String: Any])
            #expect(user["email"] as? String == "nurse@test.vigil.example" && user["role"] as? String == "nurse")
            #expect(Set(user.keys) == ["id", "email", "name", "role", "active", "createdAt", "sites", "networkAccess"])

            let me = try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: .bearer(token))
            #expect(me.status == .ok && me.object["id"] as? String == app.users[.nurse]!.id.uuidString.lowercased())
            let revoked = try await client.execute(uri: "/api/v1/auth/token", method: .delete, headers: .bearer(token))
            #expect(revoked.status == .noContent)
            let after = try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: .bearer(token))
            #expect(after.status == .unauthorized && after.isProblem)
        }
    }

    @Test func wrongEmailAndWrongPasswordAreIndistinguishable() async throws {
        try await TestApp.with { app, client in
            var unknown: [Duration] = [], wrong: [Duration] = []
            var bodies: Set<String> = []
            for _ in 0..<3 {
                let clock = ContinuousClock()
                var start = clock.now
                let a = try await Self.signIn(client, "nobody@test.vigil.example", TestStaff.password)
                unknown.append(start.duration(to: clock.now))
                start = clock.now
                let b = try await Self.signIn(client, "nurse@test.vigil.example", "not the right password")
                wrong.append(start.duration(to: clock.now))
                #expect(a.status == .unauthorized && b.status == .unauthorized)
                bodies.insert(a.body.text)
                bodies.insert(b.body.text)
            }
            #expect(bodies.count == 1, "the two failures must have the same body")
            // Both paths run one bcrypt verification (the unknown email against a decoy hash), so
            // their times are of one order; without the decoy the unknown email would be ~1000× faster.
            // The bounds are wide because parallel tests share the two cores with these bcrypt runs.
            let ratio = unknown.reduce(.zero, +) / wrong.reduce(.zero, +)
            #expect(ratio > 0.1 && ratio < 10, "unknown-email / wrong-password time ratio \(ratio)")
            let failures = try await app.database.auditEvents(AuditFilter(action: .signIn, outcome: .failure)).items
            #expect(failures.count == 6)
            #expect(failures.filter { $0.userID == app.users[.nurse]!.id }.count == 3)
        }
    }

    @Test func repeatedFailuresLockTheAccountWithRetryAfter() async throws {
        try await TestApp.with { app, client in
            for _ in 0..<10 { _ = try await Self.signIn(client, "nurse@test.vigil.example", "wrong password!") }
            let locked = try await Self.signIn(client, "nurse@test.vigil.example", TestStaff.password)
            #expect(locked.status == .tooManyRequests && locked.isProblem)
            #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(try await app.database.auditEvents(AuditFilter(action: .lockOut)).total == 1)
            let other = try await Self.signIn(client, "prescriber@test.vigil.example", TestStaff.password)
            #expect(other.status == .ok, "other accounts are not affected")
        }
    }

    @Test func deactivatingAUserEndsTheirTokensAndSignIns() async throws {
        try await TestApp.with { app, client in
            let nurseToken = try await app.token(.nurse)
            let admin = try await app.token(.admin)
            let patch = try await client.execute(uri: "/api/v1/users/\(app.users[.nurse]!.id)", method: .patch,
                                                 headers: .bearer(admin).merging(.json), body: .json(#"{"active":false}"#))
            #expect(patch.status == .ok && patch.object["active"] as? Bool == false)
            let me = try await client.execute(uri: "/api/v1/auth/me", method: .get, headers: .bearer(nurseToken))
            #expect(me.status == .unauthorized)
            let again = try await Self.signIn(client, "nurse@test.vigil.example", TestStaff.password)
            #expect(again.status == .unauthorized && again.object["detail"] as? String == "Email or password is incorrect.")
        }
    }

    @Test func missingCredentialsNameTheFields() async throws {
        try await TestApp.with { _, client in
            let response = try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: .json, body: .json("{}"))
            #expect(response.status == .unprocessableContent)
            let fields = (response.object["errors"] as? [[String: String]])?.compactMap { $0["field"] }
            #expect(fields == ["email", "password"])
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        for field in other { merged[field.name] = field.value }
        return merged
    }
}
