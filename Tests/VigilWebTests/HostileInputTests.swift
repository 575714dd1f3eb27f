import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport
import VigilWeb

/// Every route, fed what attackers and broken clients send: each answer is a problem document with
/// a 4xx status — never a 500, never a crash.
@Suite("Hostile input")
struct HostileInputTests {
    static let bodies: [(String, ByteBuffer)] = [
        ("truncated JSON", .json(#"{"email": "#)),
        ("invalid UTF-8", ByteBuffer(bytes: [0x7B, 0x22, 0x65, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D])),
        ("deep nesting", .json(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))),
        ("wrong types", .json(#"{"email":5,"name":[],"role":{},"password":true,"active":"yes"}"#)),
        ("missing fields", .json("{}")),
        ("not an object", .json("[1,2,3]")),
        ("null", .json("null")),
        ("empty", ByteBuffer()),
        ("over 1 MiB", .json(#"{"name":""# + String(repeating: "x", count: 1_100_000) + #""}"#)),
        ("NUL bytes", .json("{\"email\":\"a\u{0}b@c.example\",\"name\":\"\u{0}\",\"role\":\"nurse\",\"password\":\"\u{0}\"}")),
    ]

    @Test func everyRouteAnswersBadBodiesWithAProblemDocument() async throws {
        try await TestApp.with { app, client in
            for endpoint in app.endpoints where endpoint.method != .get {
                for (name, body) in Self.bodies {
                    let response = try await Self.send(body, to: endpoint, app: app, client: client)
                    let label = "\(endpoint) with \(name) → \(response.status.code)"
                    #expect((400..<500).contains(response.status.code) || response.status.code == 204 || response.status.code == 303, "\(label)")
                    if response.status.code >= 400 && endpoint.kind == .api {
                        #expect(response.isProblem, "\(label)")
                        #expect(response.object["status"] as? Int == Int(response.status.code), "\(label)")
                    } else if response.status.code >= 400 {
                        // A form re-shown with its error, or a problem document.
                        #expect(response.isProblem || response.headers[.contentType]?.hasPrefix("text/html") == true, "\(label)")
                    }
                }
            }
            let alive = try await client.execute(uri: "/healthz", method: .get)
            #expect(alive.status == .ok)
        }
    }

    @Test func specificFailuresGetSpecificStatuses() async throws {
        try await TestApp.with { app, client in
            let headers = HTTPFields.bearer(try await app.token(.admin)).merging(.json)
            func status(_ body: ByteBuffer, headers: HTTPFields = headers) async throws -> (Int, [String: Any]) {
                let response = try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: body)
                return (Int(response.status.code), response.object)
            }
            #expect(try await status(.json(#"{"email": "#)).0 == 400)
            #expect(try await status(Self.bodies[1].1).0 == 400)
            #expect(try await status(Self.bodies[2].1).0 == 400)
            #expect(try await status(Self.bodies[8].1).0 == 413)
            let wrongType = try await status(.json(#"{"email":5}"#))
            #expect(wrongType.0 == 422 && (wrongType.1["errors"] as? [[String: String]])?.first?["field"] == "email")
            var textHeaders = headers
            textHeaders[.contentType] = "text/plain"
            #expect(try await status(.json("{}"), headers: textHeaders).0 == 415)
        }
    }

    @Test func badQueryStringsNameTheParameter() async throws {
        try await TestApp.with { app, client in
            let headers = HTTPFields.bearer(try await app.token(.auditor))
            let response = try await client.execute(
                uri: "/api/v1/audit?page=0&perPage=100000&from=yesterday&userId=42&action=dance&order=sideways",
                method: .get, headers: headers)
            #expect(response.status == .unprocessableContent && response.isProblem)
            let fields = Set((response.object["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] })
            #expect(fields == ["page", "perPage", "from", "userId", "action", "order"])
        }
    }

    /// `page=Int.max` trapped in `Page.offset` and killed the server (hostile-testing issue, defect 1).
    /// `dailyDoseMg: 4.9e280` stopped the server while its refusal was being worded (found by
    /// schemathesis): numbers far outside anything a clinic sends are refused before any rule runs.
    @Test func hugeNumbersAreRefusedInBodiesAndForms() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: nurse)
            let trial = try await client.execute(uri: "/api/v1/patients/\(id)/medication-trials", method: .post, headers: nurse, body: .json(#"""
                {"drug":"sertraline","dailyDoseMg":4.956616312107584e+280,"startDate":"2026-01-05","endDate":"2026-03-01","currentEpisode":true,
                 "adherence":"good","outcome":"no-response","doses":[1,-1e300]}
                """#))
            #expect(trial.status == .unprocessableContent && Set(fieldNames(trial)) == ["dailyDoseMg", "doses[1]"], "\(trial.body.text)")
            let (cookie, csrf) = try await app.browser(.nurse)
            let form = try await client.execute(uri: "/patients/\(id)/medication-trials", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                                body: formBody([("csrf", csrf), ("drug", "sertraline"), ("dailyDoseMg", "1e300"), ("startDate", "2026-01-05"),
                                                                ("currentEpisode", "true"), ("adherence", "good"), ("outcome", "no-response")]))
            #expect(form.status == .unprocessableContent && form.body.text.contains("must be a number from -1,000,000,000"), "\(form.status)")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    /// A method an address does not take is a 405 naming what it does take (TRACE used to be a 404).
    @Test func anUnlistedMethodIsA405WithAllow() async throws {
        try await TestApp.with { _, client in
            for (method, path, allowed) in [("TRACE", "/healthz", "GET, HEAD"), ("QUERY", "/api/v1/patients", "GET, HEAD, POST"),
                                            ("DELETE", "/patients/new", "GET, HEAD"), ("PUT", "/api/v1/patients/\(UUID())", "GET, HEAD, PATCH")] {
                let response = try await client.execute(uri: path, method: HTTPRequest.Method(method)!, headers: [:])
                #expect(response.status == .methodNotAllowed && response.headers[.allow] == allowed && response.isProblem, "\(method) \(path)")
            }
            #expect(try await client.execute(uri: "/healthz", method: .head).status == .ok)
            #expect(try await client.execute(uri: "/nowhere", method: .trace).status == .notFound)
        }
    }

    @Test func pagingOutOfRangeIsRefusedOnEveryList() async throws {
        try await TestApp.with { app, client in
            let queries = ["page=9223372036854775807", "page=-9223372036854775808", "page=1000001", "page=1e99", "perPage=9223372036854775807",
                           "page=4611686018427387904&perPage=500"]
            for endpoint in app.endpoints where endpoint.method == .get && endpoint.parameters.isEmpty {
                let role: Role = if case .permission(let needed) = endpoint.access { Role.allCases.first { $0.may(needed) }! } else { .prescriber }
                for query in queries {
                    let headers: HTTPFields
                    switch endpoint.kind {
                    case .page:
                        var cookie = HTTPFields()
                        cookie[.cookie] = try await app.browser(role).cookie
                        headers = cookie
                    case .api, .system: headers = .bearer(try await app.token(role))
                    }
                    let response = try await client.execute(uri: endpoint.path + "?" + query, method: .get, headers: headers)
                    #expect(response.status.code < 500, "\(endpoint) ?\(query) → \(response.status.code)")
                }
            }
            for list in ["/api/v1/patients", "/api/v1/alerts", "/api/v1/consultation-requests", "/api/v1/users", "/api/v1/audit", "/api/v1/inventory/entries"] {
                let role: Role = list.hasSuffix("audit") ? .auditor : list.hasSuffix("users") ? .admin : .prescriber
                let response = try await client.execute(uri: list + "?page=9223372036854775807", method: .get, headers: .bearer(try await app.token(role)))
                let fields = (response.object["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] }
                #expect(response.status == .unprocessableContent && fields == ["page"], "\(list) → \(response.status.code) \(fields)")
            }
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test func unknownAddressesAndMethodsAreProblems() async throws {
        try await TestApp.with { _, client in
            let missing = try await client.execute(uri: "/api/v1/nothing-here", method: .get)
            #expect(missing.status == .notFound && missing.isProblem)
            let page = try await client.execute(uri: "/nothing-here", method: .get, headers: [.accept: "text/html"])
            #expect(page.status == .notFound && page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.body.text.contains("404"))
        }
    }

    static func send(_ body: ByteBuffer, to endpoint: Endpoint, app: TestApp, client: some TestClientProtocol) async throws -> TestResponse {
        let uri = endpoint.link(Array(repeating: app.users[.nurse]!.id.lowercased, count: endpoint.parameters.count))
        let role: Role = endpoint.access == .permission(.manageUsers) ? .admin : .prescriber
        switch endpoint.kind {
        case .api, .system:
            return try await client.execute(uri: uri, method: endpoint.method,
                                            headers: HTTPFields.bearer(try await app.token(role)).merging(.json), body: body)
        case .page:
            let (cookie, csrf) = try await app.browser(role)
            var headers = HTTPFields.form
            headers[.cookie] = cookie
            var form = ByteBuffer(string: "csrf=\(csrf)&")
            var copy = body
            form.writeBuffer(&copy)
            return try await client.execute(uri: uri, method: endpoint.method, headers: headers, body: form)
        }
    }
}
