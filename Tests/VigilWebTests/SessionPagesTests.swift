import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore
import VigilTestSupport

@Suite("Session pages")
struct SessionPagesTests {
    @Test func aNurseDocumentsASessionOnItsPageAndSeesTheAlert() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { app, client in
            let s = try await SessionsAPITests.setUp(app, client, clock: clock, route: "esketamine-nasal", protocolID: "esketamine-trd", dose: #""doseMg":84"#)
            let (cookie, csrf) = try await app.browser(.nurse)
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
            let path = "/sessions/\(s.session)"
            func post(_ fields: [(String, String)]) async throws -> TestResponse {
                try await client.execute(uri: path, method: .post, headers: headers, body: formBody([("csrf", csrf)] + fields))
            }
            #expect(try await post([("action", "move"), ("to", "checked-in")]).status == .seeOther)
            #expect(try await post([("action", "checklist"), ("noFoodForTwoHours", "yes"), ("noLiquidsForThirtyMinutes", "yes"),
                                    ("noNasalSprayWithinHour", "yes"), ("rideConfirmed", "yes"), ("noDrivingAcknowledged", "yes"),
                                    ("pregnancy", "not-applicable"), ("medicationsAsked", "yes")]).status == .seeOther)
            let impossible = try await post([("action", "vitals"), ("systolic", "1200"), ("diastolic", "80"), ("heartRate", "70"), ("spo2", "98")])
            #expect(impossible.status == .unprocessableContent && impossible.body.text.contains("1200 is not possible"))
            let saved = try await post([("action", "vitals"), ("systolic", "186"), ("diastolic", "112"), ("heartRate", "88"), ("spo2", "97")])
            #expect(saved.status == .seeOther && (saved.headers[.location] ?? "").contains("ALERT"))
            let page = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            let html = page.body.text
            #expect(html.contains("id=\"session-alerts\"") && html.contains("BP 186/112 is at or above 180/110"))
            #expect(html.contains("id=\"readiness-status\">hold") && html.contains("do not dose today"))
            #expect(html.contains("class=\"vitals-chart\"") && html.contains("http-equiv=\"refresh\""))
            let acknowledge = try await post([("action", "acknowledge"), ("note", "fine")])
            #expect(acknowledge.status == .forbidden, "only prescribers acknowledge")
            #expect(try await client.execute(uri: "/rems", method: .get, headers: [.cookie: cookie]).status == .ok)
        }
    }

    @Test func aMeasureEnteredFromTheSessionIsLinkedToItAndRefusedForAnotherPatientsSession() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { app, client in
            let s = try await SessionsAPITests.setUp(app, client, clock: clock, route: "esketamine-nasal", protocolID: "esketamine-trd", dose: #""doseMg":84"#)
            let (cookie, csrf) = try await app.browser(.nurse)
            let session = try await s.get("", client).object
            let patient = try #require(session["patientId"] as? String)
            let page = try await client.execute(uri: "/sessions/\(s.session)", method: .get, headers: [.cookie: cookie]).body.text
            #expect(page.contains("action=\"/patients/\(patient)/assessments/new\"") && page.contains("name=\"timing\" value=\"pre-dose\""))
            let entry = try await client.execute(uri: "/patients/\(patient)/assessments/new?instrument=cadss6&timing=post-dose&session=\(s.session)",
                                                 method: .get, headers: [.cookie: cookie]).body.text
            #expect(entry.contains("name=\"sessionId\" value=\"\(s.session)\"") && entry.contains("value=\"post-dose\" selected"))
            func record(patient: String, session: String) async throws -> TestResponse {
                try await client.execute(uri: "/patients/\(patient)/assessments", method: .post,
                                         headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                         body: formBody([("csrf", csrf), ("instrument", "cadss6"), ("timing", "post-dose"), ("sessionId", session), ("takenAt", Instant.format(clock.now))]
                                                        + (0..<6).map { ("item-\($0)", $0 < 2 ? "1" : "0") }))
            }
            let recorded = try await record(patient: patient, session: s.session)
            #expect(recorded.status == .seeOther && (recorded.headers[.location] ?? "").hasPrefix("/sessions/\(s.session)"), "\(recorded.body.text.suffix(1500))")
            let after = try await client.execute(uri: "/sessions/\(s.session)", method: .get, headers: [.cookie: cookie]).body.text
            #expect(after.contains("CADSS-6 (post-dose): 2"))
            let other = try await CourseReadyPatient.make(app, client, route: "esketamine-nasal")
            let refused = try await record(patient: other, session: s.session)
            #expect(refused.status == .unprocessableContent && refused.body.text.contains("is not a dosing session of this patient"), "\(refused.body.text.suffix(1500))")
        }
    }

    @Test func theChartFlagsADueSafetyReviewAndANurseRecordsIt() async throws {
        try await TestApp.with { app, client in
            let admin = HTTPFields.bearer(try await app.token(.admin)).merging(.json)
            _ = try await client.execute(uri: "/api/v1/settings", method: .patch, headers: admin, body: .json(#"{"sessionRules":{"safetyReviewEverySessions":2}}"#))
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let patient = try await CourseReadyPatient.make(app, client, route: "iv-ketamine")
            let course = try #require(try await CourseReadyPatient.course(client, prescriber, patient: patient,
                                                                          #"{"protocol":"iv-ketamine","startDate":"\#(CourseReadyPatient.today)","doseMgPerKg":0.5}"#).object["id"] as? String)
            for _ in 1...2 { _ = try await SessionsAPITests.giveIVDose(app, client, patient: patient, course: course) }
            let (cookie, csrf) = try await app.browser(.nurse)
            let chart = try await client.execute(uri: "/patients/\(patient)", method: .get, headers: [.cookie: cookie]).body.text
            #expect(chart.contains("Safety review due: 2 session(s) with a dose since the last safety review"))
            let path = "/patients/\(patient)/safety-reviews"
            func post(_ fields: [(String, String)]) async throws -> TestResponse {
                try await client.execute(uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                         body: formBody([("csrf", csrf)] + fields))
            }
            let partial = try await post([("cognition", "yes"), ("urinary-symptoms", "no")])
            #expect(partial.status == .unprocessableContent && partial.body.text.contains("answers.craving-or-misuse is required"))
            #expect(partial.body.text.contains("name=\"cognition\" value=\"yes\" checked"), "what was ticked is kept")
            let recorded = try await post(SafetyReview.Question.allCases.map { ($0.rawValue, "no") })
            #expect(recorded.status == .seeOther && (recorded.headers[.location] ?? "").contains("no%20concerns"))
            let after = try await client.execute(uri: "/patients/\(patient)", method: .get, headers: [.cookie: cookie]).body.text
            #expect(!after.contains("Safety review due") && after.contains("Safety review: next after 2 more session(s)"))
            let page = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie]).body.text
            #expect(page.contains("after 2 session(s): no concerns"))
        }
    }

    @Test func anAdminSetsTheSessionRulesOnTheSettingsPage() async throws {
        try await TestApp.with { app, client in
            let (cookie, csrf) = try await app.browser(.admin)
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
            let page = try await client.execute(uri: "/settings", method: .get, headers: [.cookie: cookie])
            #expect(page.body.text.contains("name=\"rule.holdSystolicAtLeast\"") && page.body.text.contains("120–240; default 180"))
            let saved = try await client.execute(uri: "/settings", method: .post, headers: headers, body: formBody([
                ("csrf", csrf), ("rule.holdSystolicAtLeast", "170")]))
            #expect(saved.status == .seeOther)
            let admin = HTTPFields.bearer(try await app.token(.admin))
            let settings = try await client.execute(uri: "/api/v1/settings", method: .get, headers: admin).object
            #expect((settings["sessionRules"] as? [String: Any])?["holdSystolicAtLeast"] as? Int == 170)
            #expect((settings["sessionRules"] as? [String: Any])?["cautionSystolicAbove"] as? Int == 140, "the rest keep their defaults")
            #expect(settings["clinicName"] == nil, "the name and address are each site's")
            let refused = try await client.execute(uri: "/settings", method: .post, headers: headers, body: formBody([
                ("csrf", csrf), ("rule.alertSpo2Below", "40")]))
            #expect(refused.status == .unprocessableContent && refused.body.text.contains("sessionRules.alertSpo2Below must be from 88 to 94"))
            let contradiction = try await client.execute(uri: "/api/v1/settings", method: .patch, headers: admin.merging(.json),
                                                         body: .json(#"{"sessionRules":{"cautionSystolicAbove":175}}"#))
            #expect(contradiction.status == .unprocessableContent, "a caution band above the hold (170) is refused")
        }
    }
}
