import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport
import VigilWeb

@Suite("Users API")
struct UsersAPITests {
    @Test func anAdminCreatesListsReadsAndChangesAUser() async throws {
        try await TestApp.with { app, client in
            let headers = HTTPFields.bearer(try await app.token(.admin)).merging(.json)
            let created = try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: .json(
                #"{"email":"New.Nurse@Clinic.Example","name":"Nia Nurse","role":"nurse","password":"a long enough passphrase"}"#))
            #expect(created.status == .created)
            let id = try #require(created.object["id"] as? String)
            #expect(created.object["email"] as? String == "new.nurse@clinic.example")
            #expect(created.object["password"] == nil && created.object["passwordHash"] == nil)

            let list = try await client.execute(uri: "/api/v1/users?perPage=2&page=3", method: .get, headers: headers)
            #expect(list.object["total"] as? Int == 6 && (list.object["items"] as? [Any])?.count == 2 && list.object["page"] as? Int == 3)

            let changed = try await client.execute(uri: "/api/v1/users/\(id)", method: .patch, headers: headers,
                                                   body: .json(#"{"role":"prescriber"}"#))
            #expect(changed.status == .ok && changed.object["role"] as? String == "prescriber")
            let read = try await client.execute(uri: "/api/v1/users/\(id)", method: .get, headers: headers)
            #expect(read.object["role"] as? String == "prescriber")

            let audited = try await app.database.auditEvents(AuditFilter(userID: app.users[.admin]!.id)).items.map(\.action)
            #expect(audited.contains(.create) && audited.contains(.privilegeChange))
        }
    }

    @Test func invalidValuesAreNamedFieldByField() async throws {
        try await TestApp.with { app, client in
            let headers = HTTPFields.bearer(try await app.token(.admin)).merging(.json)
            let response = try await client.execute(uri: "/api/v1/users", method: .post, headers: headers,
                                                    body: .json(#"{"email":"x","role":"surgeon","password":"short"}"#))
            #expect(response.status == .unprocessableContent && response.isProblem)
            let errors = try #require(response.object["errors"] as? [[String: String]])
            #expect(errors.map { $0["field"]! } == ["email", "name", "role", "password"])
            #expect(errors[3]["message"] == "must be at least 12 characters")
        }
    }

    @Test func aSecondAccountForAnEmailIsAConflict() async throws {
        try await TestApp.with { app, client in
            let headers = HTTPFields.bearer(try await app.token(.admin)).merging(.json)
            let response = try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: .json(
                #"{"email":"NURSE@test.vigil.example","name":"Twin","role":"nurse","password":"a long enough passphrase"}"#))
            #expect(response.status == .conflict)
            #expect((response.object["errors"] as? [[String: String]])?.first?["field"] == "email")
        }
    }

    @Test func anAdminCannotLockThemselvesOut() async throws {
        try await TestApp.with { app, client in
            let headers = HTTPFields.bearer(try await app.token(.admin)).merging(.json)
            for body in [#"{"active":false}"#, #"{"role":"nurse"}"#] {
                let response = try await client.execute(uri: "/api/v1/users/\(app.users[.admin]!.id)", method: .patch,
                                                        headers: headers, body: .json(body))
                #expect(response.status == .unprocessableContent, "\(body)")
            }
        }
    }

    @Test func unknownOrMalformedIdsAreNotFound() async throws {
        try await TestApp.with { app, client in
            let headers = HTTPFields.bearer(try await app.token(.admin))
            for id in [UUID().uuidString, "not-a-uuid", "%00", "1%27%20OR%201=1"] {
                let response = try await client.execute(uri: "/api/v1/users/\(id)", method: .get, headers: headers)
                #expect(response.status == .notFound && response.isProblem, "\(id)")
            }
        }
    }
}
