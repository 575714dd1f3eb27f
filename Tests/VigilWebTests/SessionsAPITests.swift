import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore
import VigilTestSupport

@Suite("Sessions API")
struct SessionsAPITests {
    typealias Ready = CourseReadyPatient

    /// A patient with a course of `protocolID` starting today and an open session 1, and the clock.
    struct Setup {
        let app: TestApp
        let clock: TestClock
        let nurse: HTTPFields
        let prescriber: HTTPFields
        let session: String

        func post(_ path: String, _ body: String, as headers: HTTPFields? = nil, _ client: some TestClientProtocol) async throws -> TestResponse {
            try await client.execute(uri: "/api/v1/sessions/\(session)\(path)", method: .post, headers: headers ?? nurse, body: .json(body))
        }

        func move(_ to: String, note: String? = nil, _ client: some TestClientProtocol) async throws -> TestResponse {
            try await post("/transitions", #"{"to":"\#(to)"\#(note.map { #","note":"\#($0)""# } ?? "")}"#, client)
        }

        func vitals(_ systolic: Int, _ diastolic: Int, sedation: Int = 5, heartRate: Int = 78, _ client: some TestClientProtocol) async throws -> TestResponse {
            try await post("/vitals", #"{"systolic":\#(systolic),"diastolic":\#(diastolic),"heartRate":\#(heartRate),"spo2":97,"sedation":\#(sedation)}"#, client)
        }

        /// Checks the patient in, answers a racemic route's checklist and records a settled pre-dose reading.
        func checkIn(_ client: some TestClientProtocol) async throws {
            _ = try await move("checked-in", client)
            _ = try await client.execute(uri: "/api/v1/sessions/\(session)/checklist", method: .put, headers: nurse, body: .json(
                #"{"rideConfirmed":true,"noDrivingAcknowledged":true,"pregnancy":"not-pregnant","newMedications":[]}"#))
            _ = try await vitals(124, 80, client)
        }

        /// Checks in and moves to dosing; the answer to the move.
        func startDosing(_ client: some TestClientProtocol) async throws -> TestResponse {
            try await checkIn(client)
            _ = try await move("ready", client)
            return try await move("dosing", client)
        }

        func get(_ path: String = "", _ client: some TestClientProtocol) async throws -> TestResponse {
            try await client.execute(uri: "/api/v1/sessions/\(session)\(path)", method: .get, headers: nurse)
        }

        func at(_ minutes: Double) -> String { Instant.format(clock.now.addingTimeInterval(minutes * 60)) }
    }

    static func setUp(_ app: TestApp, _ client: some TestClientProtocol, clock: TestClock, route: String, protocolID: String, dose: String) async throws -> Setup {
        let patient = try await Ready.make(app, client, route: route)
        let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
        let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
        let course = try await Ready.course(client, prescriber, patient: patient, #"{"protocol":"\#(protocolID)","startDate":"\#(Ready.today)",\#(dose)}"#)
        #expect(course.status == .created, "\(course.body.text)")
        let opened = try await client.execute(uri: "/api/v1/sessions", method: .post, headers: nurse, body: .json(
            #"{"patientId":"\#(patient)","courseId":"\#(course.object["id"] as! String)"}"#))
        #expect(opened.status == .created, "\(opened.body.text)")
        #expect(opened.object["status"] as? String == "scheduled" && opened.object["sessionNumber"] as? Int == 1)
        return Setup(app: app, clock: clock, nurse: nurse, prescriber: prescriber, session: opened.object["id"] as! String)
    }

    /// Opens the course's next session ad hoc and gives an IV dose: checklist, vitals, ready, dosing,
    /// the infusion. Returns the session's id.
    static func giveIVDose(_ app: TestApp, _ client: some TestClientProtocol, patient: String, course: String) async throws -> String {
        let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
        let opened = try await client.execute(uri: "/api/v1/sessions", method: .post, headers: nurse, body: .json(#"{"patientId":"\#(patient)","courseId":"\#(course)"}"#))
        #expect(opened.status == .created, "\(opened.body.text)")
        let id = try #require(opened.object["id"] as? String)
        func post(_ path: String, _ body: String) async throws {
            let response = try await client.execute(uri: "/api/v1/sessions/\(id)\(path)", method: path == "/checklist" ? .put : .post, headers: nurse, body: .json(body))
            #expect([.ok, .created].contains(response.status), "\(path): \(response.body.text)")
        }
        try await post("/transitions", #"{"to":"checked-in"}"#)
        try await post("/checklist", #"{"rideConfirmed":true,"noDrivingAcknowledged":true,"pregnancy":"not-pregnant","newMedications":[]}"#)
        try await post("/vitals", #"{"systolic":124,"diastolic":80,"heartRate":72,"spo2":98}"#)
        try await post("/transitions", #"{"to":"ready"}"#)
        try await post("/transitions", #"{"to":"dosing"}"#)
        try await post("/administrations", #"{"lot":"KET-77","pumpRateMlPerHour":150,"volumeMl":100,"supervisedBy":"\#(app.users[.prescriber]!.id.uuidString)"}"#)
        return id
    }

    static let esketamineChecklist = #"{"noFoodForTwoHours":true,"noLiquidsForThirtyMinutes":true,"noNasalSprayWithinHour":true,"rideConfirmed":true,"noDrivingAcknowledged":true,"pregnancy":"not-pregnant","newMedications":["benzodiazepines"]}"#

    @Test func anEsketamineSessionFromCheckInToDischargeAndItsRemsForm() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { app, client in
            let s = try await Self.setUp(app, client, clock: clock, route: "esketamine-nasal", protocolID: "esketamine-trd", dose: #""doseMg":84"#)
            #expect(try await s.move("checked-in", client).status == .ok)
            #expect(try await s.get("/readiness", client).object["status"] as? String == "incomplete")
            #expect(try await client.execute(uri: "/api/v1/sessions/\(s.session)/checklist", method: .put, headers: s.nurse,
                                             body: .json(Self.esketamineChecklist)).status == .ok)
            #expect(try await s.vitals(150, 88, client).status == .created)
            clock.advance(minutes: 1)
            let readiness = try await s.get("/readiness", client).object
            #expect(readiness["status"] as? String == "caution")
            #expect((readiness["reasons"] as? [String])?.contains { $0.contains("benzodiazepines") } == true)
            #expect(try await s.move("ready", client).status == .ok)
            let refused = try await s.move("dosing", client)
            #expect(refused.status == .conflict && refused.isProblem)
            #expect(refused.body.text.contains("a prescriber must acknowledge the caution first"))
            #expect(try await s.post("/acknowledgement", #"{"note":"Usual reading; recheck at 40 minutes"}"#, client).status == .forbidden)
            #expect(try await s.post("/acknowledgement", #"{"note":"Usual reading; recheck at 40 minutes"}"#, as: s.prescriber, client).status == .ok)
            #expect(try await s.move("dosing", client).status == .ok)

            // The 84 mg dose ordered from session 2: session 1 is the label's 56 mg, two devices 5 minutes apart.
            let supervisor = s.app.users[.prescriber]!.id.uuidString
            let close = try await s.post("/administrations", #"{"lot":"ESK-2291","deviceTimes":["\#(s.at(0))","\#(s.at(0.5))"],"supervisedBy":"\#(supervisor)"}"#, client)
            #expect(close.status == .unprocessableContent && close.body.text.contains("at least 5 minutes apart"))
            clock.advance(minutes: 5)
            let given = try await s.post("/administrations", #"{"lot":"ESK-2291","deviceTimes":["\#(s.at(-5))","\#(s.at(0))"],"supervisedBy":"\#(supervisor)"}"#, client)
            #expect(given.status == .created, "\(given.body.text)")
            let administration = given.object["administration"] as? [String: Any]
            #expect(administration?["doseMg"] as? Double == 56 && administration?["supervisedBy"] as? String == s.app.users[.prescriber]!.name)
            #expect(try await s.move("monitoring", client).status == .ok)

            // 40 minutes after the first device: a high reading raises the alert at once.
            clock.advance(minutes: 35)
            let high = try await s.vitals(184, 104, sedation: 3, client)
            #expect((high.object["alerts"] as? [String])?.contains("BP 184/104 is at or above 180/110") == true)
            #expect(high.object["nextVitalsDue"] as? String == s.at(30))

            // At 119 minutes discharge is refused with the time left; at 120 it goes ahead.
            clock.advance(minutes: 75)
            _ = try await s.vitals(132, 82, client)
            #expect(try await s.post("/sign-off", #"{"note":"Alert, oriented, brother driving"}"#, client).status == .ok)
            clock.advance(minutes: 4)
            let early = try await s.move("discharged", client)
            #expect(early.status == .conflict && early.body.text.contains("1 more minute(s)"))
            let readiness119 = try await s.get("/discharge-readiness", client).object
            #expect(readiness119["ready"] as? Bool == false && readiness119["earliestAt"] as? String == s.at(1))
            clock.advance(minutes: 1)
            let ready120 = try await s.get("/discharge-readiness", client)
            #expect(ready120.object["ready"] as? Bool == true, "\(ready120.body.text)")
            #expect(try await s.move("discharged", client).status == .ok)

            let form = try await s.get("/rems-form", client).object
            let fields = Dictionary(uniqueKeysWithValues: (form["fields"] as! [[String: Any]]).map { ($0["key"] as! String, $0["value"] as! String) })
            #expect(form["version"] as? String == "2021-opioids" && form["dueBy"] as? String == Ready.today.adding(days: 7).description)
            #expect(fields["monitoringMinutes"] == "120" && fields["dose"] == "56 mg" && fields["lotNumber"] == "ESK-2291")
            #expect(fields["bpBeforeDosing"] == "150/88" && fields["bpAt40Minutes"] == "184/104" && fields["bpBeforeLeaving"] == "132/82")
            #expect(fields["benzodiazepines"] == "Yes" && fields["sedation"] == "Yes" && fields["firstTreatment"] == "Yes")
            #expect(fields["patientLastName"] == "Rivera" && fields["patientEnrolled"] == "Yes")
            let sent = try await s.post("/rems-form/submission", #"{"reference":"PMF-88121"}"#, client)
            #expect(sent.object["submittedOn"] as? String == Ready.today.description)
            let queue = try await client.execute(uri: "/api/v1/rems-forms", method: .get, headers: s.nurse).object["items"] as? [[String: Any]]
            #expect(queue?.first?["state"] as? String == "submitted")
        }
    }

    /// A nurse recorded 84 mg of esketamine against a 56 mg order with only a note (clinical-safety
    /// issue, finding 1): the dose given is the dose ordered, and only a prescriber gives another —
    /// which then becomes the order, in the same transaction.
    @Test func theDoseGivenIsTheDoseOrderedUnlessAPrescriberChangesTheOrder() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { app, client in
            let s = try await Self.setUp(app, client, clock: clock, route: "iv-ketamine", protocolID: "iv-ketamine", dose: #""doseMgPerKg":0.5"#)
            #expect(try await s.startDosing(client).status == .ok)
            let supervisor = s.app.users[.prescriber]!.id.uuidString
            let other = #"{"doseMg":42,"lot":"KET-77","pumpRateMlPerHour":150,"volumeMl":100,"supervisedBy":"\#(supervisor)""#
            let refused = try await s.post("/administrations", other + #","note":"Patient asked for more"}"#, client)
            #expect(refused.status == .conflict && refused.isProblem)
            #expect(refused.body.text.contains("42 mg is not the dose ordered for session 1, 35 mg (0.5 mg/kg)"), "\(refused.body.text)")
            #expect(try await s.get("", client).object["administration"] == nil, "nothing was recorded")

            clock.advance(minutes: 1)
            let unexplained = try await s.post("/administrations", other + "}", as: s.prescriber, client)
            #expect(unexplained.status == .unprocessableContent && fieldNames(unexplained) == ["note"])
            let given = try await s.post("/administrations", other + #","note":"Partial response at 0.5 mg/kg; raise to 0.6"}"#, as: s.prescriber, client)
            #expect(given.status == .created, "\(given.body.text)")
            #expect((given.object["administration"] as? [String: Any])?["mgPerKg"] as? Double == 0.6)
            let course = try await client.execute(uri: "/api/v1/courses/\(given.object["courseId"] as! String)", method: .get, headers: s.nurse)
            let orders = try #require(course.object["orders"] as? [[String: Any]])
            #expect(orders.count == 2 && orders.last?["fromSession"] as? Int == 1 && orders.last?["reason"] as? String == "Partial response at 0.5 mg/kg; raise to 0.6")
            #expect((course.object["currentDose"] as? [String: Any])?["mg"] as? Double == 42)
            let audited = try await app.database.auditEvents(AuditFilter(action: .update)).items.filter { $0.resourceType == "DoseOrder" }
            #expect(audited.map(\.detail) == ["from session 1: 35 mg (0.5 mg/kg) → 42 mg (0.6 mg/kg); Partial response at 0.5 mg/kg; raise to 0.6"])
        }
    }

    /// Discharge waits for every side effect to be documented resolved, through the API.
    @Test func aSideEffectIsResolvedThroughTheAPIBeforeDischarge() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { app, client in
            let s = try await Self.setUp(app, client, clock: clock, route: "iv-ketamine", protocolID: "iv-ketamine", dose: #""doseMgPerKg":0.5"#)
            #expect(try await s.startDosing(client).status == .ok)
            let supervisor = s.app.users[.prescriber]!.id.uuidString
            #expect(try await s.post("/administrations", #"{"lot":"KET-77","pumpRateMlPerHour":150,"volumeMl":100,"supervisedBy":"\#(supervisor)"}"#, client).status == .created)
            let recorded = try await s.post("/side-effects", #"{"kind":"dissociation","severity":"moderate","intervention":"Reassured; lights dimmed"}"#, client)
            let effect = try #require((recorded.object["sideEffects"] as? [[String: Any]])?.first?["id"] as? String)
            clock.advance(minutes: 40)
            _ = try await s.move("monitoring", client)
            clock.advance(minutes: 31)
            _ = try await s.vitals(122, 78, client)
            _ = try await s.post("/sign-off", #"{"note":"Oriented, settled"}"#, client)
            let held = try await s.get("/discharge-readiness", client).object
            #expect((held["reasons"] as? [String]) == ["Dissociation (moderate) has not been documented as resolved (label, REMS: monitor until it resolves)."])
            let resolved = try await s.post("/side-effects/\(effect)/resolution", "{}", client)
            #expect(resolved.status == .ok, "\(resolved.body.text)")
            #expect((resolved.object["sideEffects"] as? [[String: Any]])?.first?["resolvedByName"] as? String == s.app.users[.nurse]!.name)
            #expect(try await s.post("/side-effects/\(effect)/resolution", "{}", client).status == .conflict)
            #expect(try await s.get("/discharge-readiness", client).object["ready"] as? Bool == true)
        }
    }

    /// A patient whose IV consent was withdrawn was checked in and dosed with readiness "ok"
    /// (clinical-safety issue, finding 8): the withdrawal pauses the course, and the gate holds.
    @Test func aWithdrawnConsentPausesTheCourseAndHoldsTheNextDose() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { app, client in
            let s = try await Self.setUp(app, client, clock: clock, route: "iv-ketamine", protocolID: "iv-ketamine", dose: #""doseMgPerKg":0.5"#)
            let session = try await s.get("", client).object
            let patient = try #require(session["patientId"] as? String), courseID = try #require(session["courseId"] as? String)
            let activated = try await client.execute(uri: "/api/v1/courses/\(courseID)/status", method: .post, headers: s.prescriber,
                                                     body: .json(#"{"to":"active"}"#))
            #expect(activated.status == .ok, "\(activated.body.text)")
            let consents = try await client.execute(uri: "/api/v1/patients/\(patient)/consents", method: .get, headers: s.nurse)
            let consent = try #require((consents.object["items"] as? [[String: Any]])?.first?["id"] as? String)
            let withdrawn = try await client.execute(uri: "/api/v1/patients/\(patient)/consents/\(consent)/withdraw", method: .post, headers: s.nurse,
                                                     body: .json(#"{"reason":"Patient no longer wishes to continue"}"#))
            #expect(withdrawn.status == .ok, "\(withdrawn.body.text)")
            let course = try await client.execute(uri: "/api/v1/courses/\(courseID)", method: .get, headers: s.nurse).object
            #expect(course["status"] as? String == "paused")
            #expect(course["statusReason"] as? String == "Paused by Vigil: no current consent for IV ketamine; record the patient's consent first.")

            try await s.checkIn(client)
            let readiness = try await s.get("/readiness", client).object
            #expect(readiness["status"] as? String == "hold")
            #expect((readiness["reasons"] as? [String])?.first?.hasPrefix("The course is paused (Paused by Vigil: no current consent for IV ketamine") == true, "\(readiness)")
            _ = try await s.move("ready", client)
            #expect(try await s.move("dosing", client).status == .conflict)
        }
    }

    @Test func anIVSessionWithItsInfusionAndRecovery() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { app, client in
            let s = try await Self.setUp(app, client, clock: clock, route: "iv-ketamine", protocolID: "iv-ketamine", dose: #""doseMgPerKg":0.5"#)
            try await s.checkIn(client)
            #expect(try await s.get("/readiness", client).object["status"] as? String == "ok")
            _ = try await s.move("ready", client)
            #expect(try await s.move("dosing", client).status == .ok)
            let supervisor = s.app.users[.prescriber]!.id.uuidString
            let missing = try await s.post("/administrations", #"{"lot":"KET-77","supervisedBy":"\#(supervisor)"}"#, client)
            #expect(missing.status == .unprocessableContent && missing.body.text.contains("pumpRateMlPerHour"))
            let given = try await s.post("/administrations", #"{"lot":"KET-77","pumpRateMlPerHour":151.1,"volumeMl":100.7,"supervisedBy":"\#(supervisor)"}"#, client)
            #expect(given.status == .created, "\(given.body.text)")
            #expect((given.object["administration"] as? [String: Any])?["mgPerKg"] as? Double == 0.5)
            clock.advance(minutes: 10)
            #expect(try await s.vitals(130, 84, client).object["nextVitalsDue"] as? String == s.at(10), "every 10 minutes during the infusion")
            clock.advance(minutes: 30)
            #expect(try await s.move("monitoring", client).status == .ok, "the infusion ends")
            clock.advance(minutes: 20)
            _ = try await s.vitals(128, 80, client)
            _ = try await s.post("/sign-off", "{}", client)
            let early = try await s.move("discharged", client)
            #expect(early.status == .conflict && early.body.text.contains("30 minutes after the dose ends: 10 more minute(s)"))
            clock.advance(minutes: 10)
            _ = try await s.vitals(126, 80, client)
            #expect(try await s.move("discharged", client).status == .ok)
            #expect(try await s.get("/rems-form", client).status == .unprocessableContent, "the REMS form is for esketamine")
        }
    }

    @Test func refusedMovesHoldsAndImpossibleVitals() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { app, client in
            let s = try await Self.setUp(app, client, clock: clock, route: "esketamine-nasal", protocolID: "esketamine-trd", dose: #""doseMg":56"#)
            let illegal = try await s.move("dosing", client)
            #expect(illegal.status == .conflict && illegal.body.text.contains("a scheduled session cannot become dosing"))
            #expect(try await s.vitals(120, 80, client).status == .conflict, "no vitals before check-in")
            _ = try await s.move("checked-in", client)
            let impossible = try await s.post("/vitals", #"{"systolic":1200,"diastolic":80,"heartRate":70,"spo2":104}"#, client)
            #expect(impossible.status == .unprocessableContent && impossible.isProblem)
            #expect(impossible.body.text.contains("systolic") && impossible.body.text.contains("spo2"))
            _ = try await client.execute(uri: "/api/v1/sessions/\(s.session)/checklist", method: .put, headers: s.nurse,
                                         body: .json(Self.esketamineChecklist.replacingOccurrences(of: #""benzodiazepines""#, with: "")))
            _ = try await s.vitals(186, 112, client)
            let readiness = try await s.get("/readiness", client).object
            #expect(readiness["status"] as? String == "hold")
            let notReady = try await s.move("ready", client)
            #expect(notReady.status == .conflict && notReady.body.text.contains("do not dose today"), "a held gate keeps the session out of ready")
            let held = try await s.move("dosing", client)
            #expect(held.status == .conflict)
            #expect(try await s.post("/acknowledgement", #"{"note":"go ahead"}"#, as: s.prescriber, client).status == .conflict,
                    "a hold cannot be acknowledged away")
            let noReason = try await s.move("cancelled", client)
            #expect(noReason.status == .unprocessableContent)
            #expect(try await s.move("cancelled", note: "BP 186/112; rebooked for Thursday", client).status == .ok)
            #expect(try await s.move("checked-in", client).status == .conflict, "a cancelled session has ended")
            let again = try await client.execute(uri: "/api/v1/sessions", method: .post, headers: s.nurse, body: .json(#"{"appointmentId":"nonsense"}"#))
            #expect(again.status == .unprocessableContent)
            let front = HTTPFields.bearer(try await app.token(.frontDesk)).merging(.json)
            #expect(try await client.execute(uri: "/api/v1/sessions/\(s.session)", method: .get, headers: front).status == .forbidden)
        }
    }

    @Test func aSafetyReviewFallsDueAfterTheClinicsNumberOfDosedSessions() async throws {
        try await TestApp.with { app, client in
            let admin = HTTPFields.bearer(try await app.token(.admin)).merging(.json)
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            #expect(try await client.execute(uri: "/api/v1/settings", method: .patch, headers: admin,
                                             body: .json(#"{"sessionRules":{"safetyReviewEverySessions":2}}"#)).status == .ok)
            let patient = try await Ready.make(app, client, route: "iv-ketamine")
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let course = try #require(try await Ready.course(client, prescriber, patient: patient,
                                                             #"{"protocol":"iv-ketamine","startDate":"\#(Ready.today)","doseMgPerKg":0.5}"#).object["id"] as? String)
            let path = "/api/v1/patients/\(patient)/safety-reviews"
            func status() async throws -> [String: Any] { try await client.execute(uri: path, method: .get, headers: nurse).object }
            _ = try await Self.giveIVDose(app, client, patient: patient, course: course)
            #expect(try await status()["due"] as? Bool == false)
            _ = try await Self.giveIVDose(app, client, patient: patient, course: course)
            let due = try await status()
            #expect(due["due"] as? Bool == true && due["dosedSessions"] as? Int == 2 && due["everySessions"] as? Int == 2)
            let partial = try await client.execute(uri: path, method: .post, headers: nurse, body: .json(#"{"answers":{"cognition":false}}"#))
            #expect(partial.status == .unprocessableContent && partial.body.text.contains("answers.urinary-symptoms"))
            let answers = #""urinary-symptoms":true,"cognition":false,"craving-or-misuse":false,"dose-escalation":false"#
            let noNote = try await client.execute(uri: path, method: .post, headers: nurse, body: .json("{\"answers\":{\(answers)}}"))
            #expect(noNote.status == .unprocessableContent && noNote.body.text.contains("is required when a question is a concern"))
            let recorded = try await client.execute(uri: path, method: .post, headers: nurse,
                                                    body: .json("{\"answers\":{\(answers)},\"note\":\"Frequency at night; urinalysis sent, GP informed\"}"))
            #expect(recorded.status == .created && (recorded.object["concerns"] as? [String]) == ["urinary-symptoms"])
            let after = try await status()
            #expect(after["due"] as? Bool == false && after["sinceLastReview"] as? Int == 0 && (after["items"] as? [Any])?.count == 1)
            let desk = HTTPFields.bearer(try await app.token(.frontDesk)).merging(.json)
            #expect(try await client.execute(uri: path, method: .get, headers: desk).status == .forbidden)
        }
    }
}
