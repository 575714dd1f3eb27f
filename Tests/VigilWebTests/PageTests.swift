import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport
import VigilWeb

@Suite("Browser pages")
struct PageTests {
    /// Signs in through the form, returning the session cookie pair.
    static func signIn(_ client: some TestClientProtocol, email: String = "admin@test.vigil.example",
                       cookie extra: String? = nil, next: String = "/users") async throws -> (TestResponse, String?) {
        let form = try await client.execute(uri: "/sign-in", method: .get)
        let formCookie = try #require(form.headers[values: .setCookie].first { $0.hasPrefix("__Host-vigil-form=") })
        let token = String(formCookie.dropFirst("__Host-vigil-form=".count).prefix { $0 != ";" })
        #expect(form.body.text.contains("value=\"\(token)\""))
        var headers = HTTPFields.form
        headers[.cookie] = ["__Host-vigil-form=\(token)", extra].compactMap { $0 }.joined(separator: "; ")
        let response = try await client.execute(uri: "/sign-in", method: .post, headers: headers, body: formBody([
            ("csrf", token), ("email", email), ("password", TestStaff.password), ("next", next),
        ]))
        let session = response.headers[values: .setCookie].first { $0.hasPrefix("__Host-vigil-session=") }
        return (response, session.map { String($0.prefix { $0 != ";" }) })
    }

    @Test func signingInSetsAHardenedSessionCookieAndRedirects() async throws {
        try await TestApp.with { _, client in
            let (response, cookie) = try await Self.signIn(client)
            #expect(response.status == .seeOther && response.headers[.location] == "/users")
            let header = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("__Host-vigil-session=") })
            for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] { #expect(header.contains(attribute), "\(attribute)") }
            #expect(!header.contains("Domain"))
            let page = try await client.execute(uri: "/users", method: .get, headers: [.cookie: try #require(cookie)])
            #expect(page.status == .ok && page.body.text.contains("Test Administrator"))
        }
    }

    /// `/%09/evil.example/` passed the check: a browser decodes the tab and drops it, reading `//evil.example/`.
    @Test func signInOnlyRedirectsWithinTheSite() async throws {
        try await TestApp.with { _, client in
            for next in ["/%09/evil.example/", "/%0a/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "/%5Cevil.example",
                         "/%2F/evil.example", "/%00/x"] {
                let (response, _) = try await Self.signIn(client, next: next)
                #expect(response.headers[.location] == "/", "\(next) → \(response.headers[.location] ?? "")")
            }
            #expect(try await Self.signIn(client, next: "/patients?q=Ana").0.headers[.location] == "/patients?q=Ana")
        }
    }

    @Test func signingInAgainRotatesTheSession() async throws {
        try await TestApp.with { app, client in
            let (_, first) = try await Self.signIn(client)
            let (_, second) = try await Self.signIn(client, cookie: first)
            #expect(first != second)
            let old = try await client.execute(uri: "/", method: .get, headers: [.cookie: try #require(first)])
            #expect(old.status == .seeOther, "the session from before sign-in no longer works")
            #expect(try await app.database.auditEvents(AuditFilter(action: .signOut)).total == 1)
        }
    }

    @Test func aWrongPasswordShowsTheErrorOnTheForm() async throws {
        try await TestApp.with { _, client in
            let form = try await client.execute(uri: "/sign-in", method: .get)
            let cookie = String(form.headers[values: .setCookie][0].prefix { $0 != ";" })
            let token = String(cookie.dropFirst("__Host-vigil-form=".count))
            var headers = HTTPFields.form
            headers[.cookie] = cookie
            let response = try await client.execute(uri: "/sign-in", method: .post, headers: headers, body: formBody([
                ("csrf", token), ("email", "admin@test.vigil.example"), ("password", "wrong password here"),
            ]))
            #expect(response.status == .unauthorized && response.body.text.contains("Email or password is incorrect."))
        }
    }

    @Test func formsWithoutTheSessionsTokenAreRefused() async throws {
        try await TestApp.with { app, client in
            let (cookie, csrf) = try await app.browser(.admin)
            var headers = HTTPFields.form
            headers[.cookie] = cookie
            for token in ["", "forged", String(csrf.dropLast())] {
                let response = try await client.execute(uri: "/users", method: .post, headers: headers, body: formBody([
                    ("csrf", token), ("email", "x@clinic.example"), ("name", "X"), ("role", "nurse"), ("password", "long enough passphrase"),
                ]))
                #expect(response.status == .forbidden, "token \(token)")
            }
            // The sign-in form's double-submit token does not stand in for the session's on a signed-in form.
            var withFormCookie = headers
            withFormCookie[.cookie] = cookie + "; __Host-vigil-form=planted"
            let planted = try await client.execute(uri: "/users", method: .post, headers: withFormCookie, body: formBody([
                ("csrf", "planted"), ("email", "x@clinic.example"), ("name", "X"), ("role", "nurse"), ("password", "long enough passphrase"),
            ]))
            #expect(planted.status == .forbidden)
            #expect(try await app.database.userCount() == 5)
            let signOut = try await client.execute(uri: "/sign-out", method: .post, headers: headers, body: formBody([("csrf", "nope")]))
            #expect(signOut.status == .forbidden)
        }
    }

    @Test func signOutEndsTheSession() async throws {
        try await TestApp.with { app, client in
            let (cookie, csrf) = try await app.browser(.nurse)
            var headers = HTTPFields.form
            headers[.cookie] = cookie
            let response = try await client.execute(uri: "/sign-out", method: .post, headers: headers, body: formBody([("csrf", csrf)]))
            #expect(response.status == .seeOther && response.headers[.location] == "/sign-in?signedOut=1")
            #expect(response.headers[values: .setCookie].contains { $0.hasPrefix("__Host-vigil-session=;") && $0.contains("Max-Age=0") })
            let home = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(home.status == .seeOther)
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await TestApp.with { app, client in
            let (cookie, _) = try await app.browser(.admin)
            for uri in ["/", "/sign-in", "/api/v1/auth/me", "/nothing"] {
                let response = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"] {
                    #expect(policy.contains(directive), "\(uri): \(directive)")
                }
                #expect(response.headers[.strictTransportSecurity]?.contains("max-age=31536000") == true)
                #expect(response.headers[values: HTTPField.Name("X-Content-Type-Options")!] == ["nosniff"])
                #expect(response.headers[.cacheControl] == "no-store", "\(uri)")
            }
        }
    }

    @Test func pagesEscapeWhatUsersTyped() async throws {
        try await TestApp.with { app, client in
            let (cookie, csrf) = try await app.browser(.admin)
            var headers = HTTPFields.form
            headers[.cookie] = cookie
            let response = try await client.execute(uri: "/users", method: .post, headers: headers, body: formBody([
                ("csrf", csrf), ("email", "x@clinic.example"), ("name", "<script>alert(1)</script>"), ("role", "nurse"), ("password", "short"),
            ]))
            #expect(response.status == .unprocessableContent)
            #expect(!response.body.text.contains("<script>alert(1)</script>"))
            #expect(response.body.text.contains("&lt;script&gt;"))
        }
    }

    @Test func theHomePageShowsTheClinicalSafetyNotice() async throws {
        try await TestApp.with { app, client in
            let (cookie, _) = try await app.browser(.nurse)
            let home = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(home.body.text.contains("does not replace, clinical judgement"))
            #expect(!home.body.text.contains("href=\"/users\""), "a nurse is not offered the users page")
        }
    }
}
