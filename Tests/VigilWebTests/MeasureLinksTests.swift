import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport
import VigilWeb

@Suite("Measure links and plans")
struct MeasureLinksTests {
    /// Sends a PHQ-9 link with no mail server set up: the link comes back once, for staff.
    static func sendLink(_ client: some TestClientProtocol, _ headers: HTTPFields, patient id: String) async throws -> (id: String, path: String) {
        let sent = try await client.execute(uri: "/api/v1/patients/\(id)/measure-requests", method: .post, headers: headers,
                                            body: .json(#"{"instrument":"phq9","reason":"Weekly check during your treatment"}"#))
        #expect(sent.status == .created, "\(sent.body.text)")
        #expect(sent.object["delivery"] as? String == "staff" && sent.object["status"] as? String == "open")
        let link = try #require(sent.object["link"] as? String)
        let path = try #require(URL(string: link)?.path)
        #expect(path.hasPrefix("/m/") && path.count >= 3 + 43, "a 256-bit token")
        return (try #require(sent.object["id"] as? String), path)
    }

    /// Opens the patient's page: its form token cookie and hidden field.
    static func open(_ client: some TestClientProtocol, _ path: String) async throws -> (TestResponse, cookie: String, csrf: String) {
        let page = try await client.execute(uri: path, method: .get)
        let cookie = String((page.headers[.setCookie] ?? "").split(separator: ";")[0])
        let csrf = page.body.text.firstMatch(of: /name="csrf" value="([^"]+)"/).map { String($0.1) } ?? ""
        return (page, cookie, csrf)
    }

    @Test func aPatientAnswersThroughALinkOnceAndTheClinicSeesIt() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: nurse)
            let (requestID, path) = try await Self.sendLink(client, nurse, patient: id)

            let (page, cookie, csrf) = try await Self.open(client, path)
            #expect(page.status == .ok)
            let html = page.body.text
            #expect(html.contains("Hello Ana") && html.contains("Weekly check during your treatment") && html.contains("Nurse"))
            #expect(html.contains("Thoughts that you would be better off dead or of hurting yourself in some way"))
            #expect(html.contains("data-crisis") && html.contains("988"), "the crisis line is on the page, shown once item 9 is above 0")

            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
            let incomplete = try await client.execute(uri: path, method: .post, headers: headers,
                                                      body: formBody([("csrf", csrf), ("item-0", "1"), ("item-8", "2")]))
            #expect(incomplete.status == .unprocessableContent && incomplete.body.text.contains("Please answer question 2."))
            #expect(incomplete.body.text.contains(#"<p class="crisis" id="crisis" role="alert">"#), "item 9 above 0: the crisis line shows without script")

            var answers = (0..<9).map { ("item-\($0)", "1") }
            answers[8].1 = "2"
            let done = try await client.execute(uri: path, method: .post, headers: headers, body: formBody([("csrf", csrf)] + answers))
            #expect(done.status == .ok && done.body.text.contains("Thank you") && done.body.text.contains("988"))

            let used = try await client.execute(uri: path, method: .get)
            #expect(used.status == .ok && used.body.text.contains("already answered"))
            let usedPost = try await client.execute(uri: path, method: .post, headers: headers, body: formBody([("csrf", csrf)] + answers))
            #expect(usedPost.status == .ok && usedPost.body.text.contains("already answered"), "a second submission stores nothing")

            let list = try await client.execute(uri: "/api/v1/patients/\(id)/assessments", method: .get, headers: nurse)
            let items = try #require(list.object["items"] as? [[String: Any]])
            #expect(items.count == 1 && items[0]["source"] as? String == "patient" && items[0]["total"] as? Int == 10)
            #expect(items[0]["flags"] as? [String] == ["suicidality"])
            let requests = try await client.execute(uri: "/api/v1/patients/\(id)/measure-requests", method: .get, headers: nurse)
            let request = try #require((requests.object["items"] as? [[String: Any]])?.first)
            #expect(request["id"] as? String == requestID && request["status"] as? String == "completed" && request["link"] == nil)
            let alerts = try await client.execute(uri: "/api/v1/alerts?status=open", method: .get, headers: nurse)
            #expect(alerts.object["total"] as? Int == 1)
        }
    }

    @Test func expiredAndUnknownLinksShowAClearPage() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: nurse)
            let (_, path) = try await Self.sendLink(client, nurse, patient: id)
            try await app.database.write { tx in
                try await tx.sql.update("measure_requests").set("expires_at", to: SQLBind(Instant.format(TestTime.now.addingTimeInterval(-60)))).run()
            }
            let expired = try await client.execute(uri: path, method: .get)
            #expect(expired.status == .ok && expired.body.text.contains("This link has expired"))
            let unknown = try await client.execute(uri: "/m/not-a-real-token", method: .get)
            #expect(unknown.status == .notFound && unknown.body.text.contains("We could not find this link"))
            #expect(!unknown.isProblem, "a page, not an error document")
        }
    }

    @Test func sendingNeedsAScalePatientsMayAnswerAndAReason() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: nurse)
            let madrs = try await client.execute(uri: "/api/v1/patients/\(id)/measure-requests", method: .post, headers: nurse,
                                                 body: .json(#"{"instrument":"madrs","reason":"","timing":"soon"}"#))
            #expect(madrs.status == .unprocessableContent && Set(fieldNames(madrs)) == ["instrument", "reason", "timing"])
        }
    }

    @Test func plansShowDueSentAndCompletedAndCanBeStopped() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: nurse)
            let created = try await client.execute(uri: "/api/v1/patients/\(id)/measurement-plans", method: .post, headers: nurse,
                                                   body: .json(#"{"instrument":"phq9","everyDays":7,"reason":"Your weekly check during treatment"}"#))
            #expect(created.status == .created, "\(created.body.text)")
            #expect(created.object["status"] as? String == "due")
            let planID = try #require(created.object["id"] as? String)
            let bad = try await client.execute(uri: "/api/v1/patients/\(id)/measurement-plans", method: .post, headers: nurse,
                                               body: .json(#"{"instrument":"cadss6","everyDays":365,"startDate":"2001-01-01","reason":"x"}"#))
            #expect(Set(fieldNames(bad)) == ["instrument", "everyDays", "startDate", "reason"])

            let due = try await client.execute(uri: "/api/v1/measures?status=due", method: .get, headers: nurse)
            #expect((due.object["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [planID])

            _ = try await client.execute(uri: "/api/v1/patients/\(id)/assessments", method: .post, headers: nurse,
                                         body: .json(MeasuresAPITests.phq9([1, 1, 1, 1, 1, 1, 1, 1, 0])))
            let plans = try await client.execute(uri: "/api/v1/patients/\(id)/measurement-plans", method: .get, headers: nurse)
            let plan = try #require((plans.object["items"] as? [[String: Any]])?.first)
            #expect(plan["status"] as? String == "completed", "a PHQ-9 entered today completes this week's measure")

            #expect(try await client.execute(uri: "/api/v1/measurement-plans/\(planID)/stop", method: .post, headers: nurse).status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/measurement-plans/\(planID)/stop", method: .post, headers: nurse).status == .conflict)
            let after = try await client.execute(uri: "/api/v1/measures", method: .get, headers: nurse)
            #expect((after.object["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aPlanIsStoppedOnlyFromItsOwnPatientsChart() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let owner = try await registerPatient(client, headers: nurse)
            let other = try await registerPatient(client, headers: nurse, #"{"givenName":"Ben","familyName":"Okafor","birthDate":"1979-05-02","sex":"male","weightKg":80}"#)
            let created = try await client.execute(uri: "/api/v1/patients/\(owner)/measurement-plans", method: .post, headers: nurse,
                                                   body: .json(#"{"instrument":"phq9","everyDays":7,"reason":"Your weekly check during treatment"}"#))
            let planID = try #require(created.object["id"] as? String)
            let (cookie, csrf) = try await app.browser(.nurse)
            func stop(from patient: String) async throws -> TestResponse {
                try await client.execute(uri: "/patients/\(patient)/measurement-plans/\(planID)/stop", method: .post,
                                         headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie], body: formBody([("csrf", csrf)]))
            }
            #expect(try await stop(from: other).status == .notFound, "another patient's address does not reach this plan")
            let plans = try await client.execute(uri: "/api/v1/patients/\(owner)/measurement-plans", method: .get, headers: nurse)
            #expect((plans.object["items"] as? [[String: Any]])?.first?["status"] as? String == "due")
            #expect(try await stop(from: owner).status == .seeOther)
        }
    }

    @Test func duePlansAreIssuedOnceAcrossProcesses() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: nurse,
                                               #"{"givenName":"Ana","familyName":"Rivera","birthDate":"1984-03-09","sex":"female","email":"ana@example.org"}"#)
            _ = try await client.execute(uri: "/api/v1/patients/\(id)/measurement-plans", method: .post, headers: nurse,
                                         body: .json(#"{"instrument":"gad7","everyDays":7,"reason":"Weekly anxiety check"}"#))
            let calendar = MeasureCalendar(today: CalendarDate(TestTime.now, in: TestTime.zone), timeZone: TestTime.zone, linkHours: 72)
            async let first = app.database.issueDueMeasures(calendar: calendar, by: .scheduler)
            async let second = app.database.issueDueMeasures(calendar: calendar, by: .scheduler)
            let issued = try await first + second
            #expect(issued.count == 1 && issued[0].email == "ana@example.org")
            let plans = try await client.execute(uri: "/api/v1/patients/\(id)/measurement-plans", method: .get, headers: nurse)
            #expect((plans.object["items"] as? [[String: Any]])?.first?["status"] as? String == "sent")
        }
    }
}
