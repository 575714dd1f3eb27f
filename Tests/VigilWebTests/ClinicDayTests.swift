import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport

/// The clinic-day walk's findings, through the pages and the API as staff meet them.
@Suite("Clinic day")
struct ClinicDayTests {
    typealias Ready = CourseReadyPatient

    struct Browser {
        let client: any TestClientProtocol
        let cookie: String
        let csrf: String

        func get(_ path: String) async throws -> TestResponse { try await client.execute(uri: path, method: .get, headers: [.cookie: cookie]) }

        func post(_ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
            try await client.execute(uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                     body: formBody([("csrf", csrf)] + fields))
        }
    }

    static func browser(_ app: TestApp, _ client: some TestClientProtocol, _ role: Role) async throws -> Browser {
        let (cookie, csrf) = try await app.browser(role)
        return Browser(client: client, cookie: cookie, csrf: csrf)
    }

    static func hidden(_ name: String, in text: String) -> String? {
        text.firstMatch(of: try! Regex("name=\"\(name)\" value=\"([^\"]*)\""))?.output[1].substring.map(String.init)
    }

    /// Finding 1: a wrong typed name on the esketamine consent came back as the IV ketamine consent.
    @Test func aRefusedConsentComesBackAsTheConsentThatWasShown() async throws {
        try await TestApp.with { app, client in
            let patient = try await Ready.make(app, client, route: "esketamine-nasal", consent: false)
            let admin = HTTPFields.bearer(try await app.token(.admin)).merging(.json)
            _ = try await client.execute(uri: "/api/v1/consent-templates", method: .post, headers: admin, body: .json(
                #"{"route":"iv-ketamine","title":"IV consent","body":"You will receive an infusion under supervision. Risks include dissociation."}"#))
            let tablet = try await Self.browser(app, client, .nurse)
            let shown = try await tablet.get("/patients/\(patient)/consent?route=esketamine-nasal").body.text
            #expect(shown.contains("Consent to Esketamine nasal spray") && Self.hidden("route", in: shown) == "esketamine-nasal")
            let template = try #require(Self.hidden("templateId", in: shown))
            // A newer version is published while the patient reads: the refusal shows the one they read.
            _ = try await client.execute(uri: "/api/v1/consent-templates", method: .post, headers: admin, body: .json(
                #"{"route":"esketamine-nasal","title":"Consent v2","body":"A newer text the patient has not read. Risks include dissociation."}"#))
            let refused = try await tablet.post("/patients/\(patient)/consent", [("templateId", template), ("route", "esketamine-nasal"),
                                                                                  ("understood", "yes"), ("typedName", "J. Ellis")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.text.contains("Consent to Esketamine nasal spray") && !refused.body.text.contains("Consent to IV ketamine"))
            #expect(Self.hidden("route", in: refused.body.text) == "esketamine-nasal" && Self.hidden("templateId", in: refused.body.text) == template)
            let signed = try await tablet.post("/patients/\(patient)/consent", [("templateId", template), ("route", "esketamine-nasal"),
                                                                                 ("understood", "yes"), ("typedName", "Ana Rivera")])
            #expect(signed.status == .seeOther)
            let consents = try await app.database.patientFile(id: UUID(uuidString: patient)!, parts: [.consents], by: .commandLine).consents
            #expect(consents.map(\.route) == [.esketamineNasal] && consents.first?.templateVersion == 1)
        }
    }

    /// Finding 7: a choice nobody made was recorded — sex "female", visit "Review", reason "No ride home".
    @Test func aRequiredChoiceHasNoDefault() async throws {
        try await TestApp.with { app, client in
            let patient = try await Ready.make(app, client, route: "iv-ketamine")
            let desk = try await Self.browser(app, client, .frontDesk)
            let registration = try await desk.get("/patients/new").body.text
            #expect(registration.contains(#"<select id="sex" name="sex" required><option value="">Choose…</option>"#))
            #expect(!registration.contains("selected>Female") && !registration.contains(#"value="female" selected"#))
            let noSex = try await desk.post("/patients", [("givenName", "Jo"), ("familyName", "Ellis"), ("birthDate", "1980-01-01"), ("sex", "")])
            #expect(noSex.status == .unprocessableContent && noSex.body.text.contains("sex"))
            let visit = try await desk.get("/patients/\(patient)/visits").body.text
            #expect(visit.contains(#"<select id="visit-kind" name="kind" required><option value="">Choose…</option>"#) && !visit.contains("selected>Review"))
            let booked = try await client.execute(uri: "/api/v1/appointments", method: .post,
                                                  headers: HTTPFields.bearer(try await app.token(.frontDesk)).merging(.json), body: .json(
                #"{"patientId":"\#(patient)","kind":"review","date":"\#(Ready.monday)","startTime":"09:00","chair":"Chair 1"}"#))
            let id = try #require(booked.object["id"] as? String, "\(booked.body.text)")
            let booking = try await desk.get("/appointments/\(id)").body.text
            #expect(booking.contains(#"<select id="move-reason" name="reason" required><option value="">Choose…</option>"#))
            #expect(booking.contains(#"<select id="cancel-reason" name="reason" required><option value="">Choose…</option>"#))
            let unexplained = try await desk.post("/appointments/\(id)/cancel", [("reason", ""), ("note", "")])
            #expect(unexplained.status == .unprocessableContent && unexplained.body.text.contains("reason"))
        }
    }

    /// Finding 2: a patient who missed Monday could not be booked on Tuesday, and no page recorded the no-show.
    @Test func aNoShowIsRecordedFreesItsSessionAndBlocksNothing() async throws {
        try await TestApp.with { app, client in
            let patient = try await Ready.make(app, client, route: "esketamine-nasal")
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let desk = HTTPFields.bearer(try await app.token(.frontDesk)).merging(.json)
            let course = try #require(try await Ready.course(client, prescriber, patient: patient,
                                                             #"{"protocol":"esketamine-trd","startDate":"\#(Ready.today)"}"#).object["id"] as? String)
            let today = Ready.today
            func book(_ session: Int, on day: CalendarDate) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/appointments", method: .post, headers: desk, body: .json(
                    #"{"patientId":"\#(patient)","courseId":"\#(course)","sessionNumber":\#(session),"date":"\#(day)","startTime":"09:00","chair":"Chair 1"}"#))
            }
            // Tests run on a Tuesday (`TestTime`): book today, and tomorrow is refused while today may still happen.
            let next = today.adding(days: 1)
            let first = try await book(1, on: today)
            try #require(first.status == .created, "\(first.body.text)")
            let blocked = try await book(2, on: next)
            #expect(blocked.status == .conflict && blocked.body.text.contains("at least 2 days apart"), "booked today, still to come")
            let id = first.object["id"] as! String
            let early = try await client.execute(uri: "/api/v1/appointments/\(id)/attendance", method: .post, headers: desk, body: .json(#"{"status":"arrived"}"#))
            #expect(early.status == .conflict && early.body.text.contains("arrival is its check-in"))
            let missed = try await client.execute(uri: "/api/v1/appointments/\(id)/attendance", method: .post, headers: desk,
                                                  body: .json(#"{"status":"no-show","note":"No answer on the phone"}"#))
            #expect(missed.status == .ok && missed.object["status"] as? String == "no-show", "\(missed.body.text)")
            #expect(try await book(2, on: next).status == .created, "a missed dose blocks nothing")
            // The missed session is offered again, and the board says what happened.
            let slots = try await client.execute(uri: "/api/v1/courses/\(course)/slots", method: .get, headers: desk)
            let numbers = (slots.object["items"] as? [[String: Any]])?.compactMap { $0["sessionNumber"] as? Int } ?? []
            #expect(numbers.first == 1, "session 1 is proposed again: \(slots.body.text.prefix(300))")
            let board = try await Self.browser(app, client, .frontDesk).get("/schedule").body.text
            #expect(board.contains("No-show") && board.contains("Missed: to rebook"))
            let audited = try await app.database.auditEvents(AuditFilter(page: Page(number: 1, size: 200))).items
            #expect(audited.contains { $0.resourceType == "Appointment" && $0.detail?.hasPrefix("attendance: no-show") == true })
        }
    }

    /// A late cancellation of a booking whose session was opened but not checked in cancels the session
    /// with it; once the patient is checked in, attendance is their arrival and nothing else.
    @Test func aLateCancellationCancelsTheSessionNotYetCheckedIn() async throws {
        try await TestApp.with { app, client in
            let patient = try await Ready.make(app, client, route: "iv-ketamine")
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let course = try #require(try await Ready.course(client, prescriber, patient: patient,
                                                             #"{"protocol":"iv-ketamine","startDate":"\#(Ready.today)","doseMgPerKg":0.5}"#).object["id"] as? String)
            func book(_ session: Int, at time: String) async throws -> String {
                let booked = try await client.execute(uri: "/api/v1/appointments", method: .post, headers: nurse, body: .json(
                    #"{"patientId":"\#(patient)","courseId":"\#(course)","sessionNumber":\#(session),"date":"\#(Ready.today)","startTime":"\#(time)","chair":"Chair 1"}"#))
                return try #require(booked.object["id"] as? String, "\(booked.body.text)")
            }
            let first = try await book(1, at: "09:00")
            let opened = try await client.execute(uri: "/api/v1/sessions", method: .post, headers: nurse, body: .json(#"{"appointmentId":"\#(first)"}"#))
            let session = try #require(opened.object["id"] as? String)
            let late = try await client.execute(uri: "/api/v1/appointments/\(first)/attendance", method: .post, headers: nurse,
                                                body: .json(#"{"status":"late-cancellation"}"#))
            #expect(late.status == .ok && late.object["status"] as? String == "late-cancellation", "\(late.body.text)")
            let cancelled = try await client.execute(uri: "/api/v1/sessions/\(session)", method: .get, headers: nurse)
            #expect(cancelled.object["status"] as? String == "cancelled")
            // Rebooked and checked in: the booking is arrived, and no other attendance can be recorded.
            let second = try await book(1, at: "14:00")
            let reopened = try await client.execute(uri: "/api/v1/sessions", method: .post, headers: nurse, body: .json(#"{"appointmentId":"\#(second)"}"#))
            let id = try #require(reopened.object["id"] as? String, "\(reopened.body.text)")
            _ = try await client.execute(uri: "/api/v1/sessions/\(id)/transitions", method: .post, headers: nurse, body: .json(#"{"to":"checked-in"}"#))
            let list = try await client.execute(uri: "/api/v1/appointments?date=\(Ready.today)", method: .get, headers: nurse).object["items"] as? [[String: Any]]
            #expect(list?.first { $0["id"] as? String == second }?["status"] as? String == "arrived")
            let missed = try await client.execute(uri: "/api/v1/appointments/\(second)/attendance", method: .post, headers: nurse, body: .json(#"{"status":"no-show"}"#))
            #expect(missed.status == .conflict && missed.body.text.contains("already arrived"))
        }
    }

    /// Finding 4: an IV course was planned on top of an active esketamine course without a word.
    @Test func aSecondOpenCourseNeedsAReason() async throws {
        try await TestApp.with { app, client in
            let patient = try await Ready.make(app, client, route: "iv-ketamine")
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let first = try await Ready.course(client, prescriber, patient: patient, #"{"protocol":"iv-ketamine","startDate":"\#(Ready.today)","doseMgPerKg":0.5}"#)
            #expect(first.status == .created)
            let second = try await Ready.course(client, prescriber, patient: patient, #"{"protocol":"iv-ketamine","startDate":"\#(Ready.today)","doseMgPerKg":0.5}"#)
            #expect(second.status == .conflict && second.body.text.contains("concurrentCourseReason") && second.body.text.contains("already has an open course"))
            let explained = try await Ready.course(client, prescriber, patient: patient,
                                                   #"{"protocol":"iv-ketamine","startDate":"\#(Ready.today)","doseMgPerKg":0.5,"concurrentCourseReason":"Restarting after a transfer; the old course closes this week"}"#)
            #expect(explained.status == .created, "\(explained.body.text)")
        }
    }

    /// Finding 6: a session on hold could be moved to ready, and the board showed it ready.
    @Test func aHeldGateKeepsTheSessionOutOfReady() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { app, client in
            let s = try await SessionsAPITests.setUp(app, client, clock: clock, route: "iv-ketamine", protocolID: "iv-ketamine", dose: #""doseMgPerKg":0.5"#)
            try await s.checkIn(client)
            clock.advance(minutes: 1)
            _ = try await s.vitals(182, 112, client)
            let refused = try await s.move("ready", client)
            #expect(refused.status == .conflict && refused.body.text.contains("ready to dose is refused: readiness is hold"))
            clock.advance(minutes: 5)
            _ = try await s.vitals(128, 82, client)
            #expect(try await s.move("ready", client).status == .ok)
            clock.advance(minutes: 5)
            let held = try await s.vitals(186, 114, client)
            #expect(held.status == .created)
            #expect(try await s.get("", client).object["status"] as? String == "checked-in", "a new reading that holds takes it out of ready")
        }
    }

    /// Finding 3: device times before check-in were taken, and the page prefilled times nobody saw.
    @Test func aDoseCannotPrecedeCheckInOrThePreDoseReading() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { app, client in
            let s = try await SessionsAPITests.setUp(app, client, clock: clock, route: "esketamine-nasal", protocolID: "esketamine-trd", dose: #""doseMg":56"#)
            _ = try await client.execute(uri: "/api/v1/sessions/\(s.session)/checklist", method: .put, headers: s.nurse, body: .json(
                #"{"noFoodForTwoHours":true,"noLiquidsForThirtyMinutes":true,"noNasalSprayWithinHour":true,"rideConfirmed":true,"noDrivingAcknowledged":true,"pregnancy":"not-pregnant","newMedications":[]}"#))
            clock.advance(minutes: 10)
            _ = try await s.move("checked-in", client)
            clock.advance(minutes: 5)
            _ = try await s.vitals(124, 80, client)
            _ = try await s.move("ready", client)
            #expect(try await s.move("dosing", client).status == .ok)
            let page = try await Self.browser(app, client, .nurse).get("/sessions/\(s.session)").body.text
            #expect(page.contains(#"name="deviceTime0" type="datetime-local" required>"#), "entered, never prefilled")
            clock.advance(minutes: 10)
            let supervisor = s.app.users[.prescriber]!.id.uuidString
            let beforeCheckIn = try await s.post("/administrations", #"{"lot":"ESK-1","deviceTimes":["\#(s.at(-30))","\#(s.at(-25))"],"supervisedBy":"\#(supervisor)"}"#, client)
            #expect(beforeCheckIn.status == .unprocessableContent && beforeCheckIn.body.text.contains("is before check-in"))
            let beforeVitals = try await s.post("/administrations", #"{"lot":"ESK-1","deviceTimes":["\#(s.at(-12))","\#(s.at(-7))"],"supervisedBy":"\#(supervisor)"}"#, client)
            #expect(beforeVitals.body.text.contains("is before the pre-dose vital signs the readiness gate passed on"))
            #expect(try await s.post("/administrations", #"{"lot":"ESK-1","deviceTimes":["\#(s.at(-5))","\#(s.at(0))"],"supervisedBy":"\#(supervisor)"}"#, client).status == .created)
        }
    }
}
