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

/// Makes a patient ready for a course by `route`, step by step as the clinic does: consent text,
/// registration, screening, a signed decision and the patient's consent. Each step can be left out.
struct CourseReadyPatient {
    static var today: CalendarDate { CalendarDate(TestTime.now, in: TestTime.zone) }
    /// The next Monday after today, so bookings fall on open days whatever day the tests run.
    static var monday: CalendarDate { today.adding(days: 8 - today.weekday) }

    static func make(_ app: TestApp, _ client: some TestClientProtocol, route: String, decide: Bool = true, consent: Bool = true,
                     contraindication: Bool = false, rems: Bool = true, weightDaysAgo: Int = 2, name: (String, String) = ("Ana", "Rivera")) async throws -> String {
        let admin = HTTPFields.bearer(try await app.token(.admin)).merging(.json)
        let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
        let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
        let template = try await client.execute(uri: "/api/v1/consent-templates", method: .post, headers: admin, body: .json(
            #"{"route":"\#(route)","title":"Consent","body":"You will receive treatment under supervision. Risks include dissociation and raised blood pressure."}"#))
        let remsField = rems ? #","remsStatus":"enrolled","remsEnrolledOn":"\#(today)""# : ""
        let id = try await registerPatient(client, headers: nurse, #"""
            {"givenName":"\#(name.0)","familyName":"\#(name.1)","birthDate":"1984-03-09","sex":"female","weightKg":70,"weightMeasuredOn":"\#(today.adding(days: -weightDaysAgo))"\#(remsField),
             "diagnoses":[{"code":"F33.2","text":"Major depressive disorder, recurrent severe"}]}
            """#)
        // Two adequate antidepressant trials that failed in this episode: treatment-resistant depression.
        for trial in [ClinicalHistoryAPITests.trial("sertraline", 150, "2025-03-11", "2025-05-20"),
                      ClinicalHistoryAPITests.trial("venlafaxine", 225, "2025-06-01", "2025-08-15", outcome: "partial-response")] {
            let added = try await client.execute(uri: "/api/v1/patients/\(id)/medication-trials", method: .post, headers: nurse, body: .json(trial))
            #expect(added.status == .created, "\(added.body.text)")
        }
        var items = ScreeningItem.allCases.map { #""\#($0.rawValue)":{"answer":"no"}"# }
        if contraindication { items[0] = #""aneurysmal-vascular-disease":{"answer":"yes"}"# }
        _ = try await client.execute(uri: "/api/v1/patients/\(id)/screening", method: .put, headers: nurse,
                                     body: .json(#"{"items":{\#(items.joined(separator: ","))},"systolic":122,"diastolic":78}"#))
        if decide {
            let signed = try await client.execute(uri: "/api/v1/patients/\(id)/eligibility/sign", method: .post, headers: prescriber,
                                                  body: .json(#"{"route":"\#(route)"}"#))
            #expect(signed.status == .created, "\(signed.body.text)")
        }
        if consent {
            let recorded = try await client.execute(uri: "/api/v1/patients/\(id)/consents", method: .post, headers: nurse, body: .json(
                #"{"templateId":"\#(template.object["id"] as! String)","typedName":"\#(name.0) \#(name.1)"}"#))
            #expect(recorded.status == .created, "\(recorded.body.text)")
        }
        return id
    }

    static func course(_ client: some TestClientProtocol, _ headers: HTTPFields, patient: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/patients/\(patient)/courses", method: .post, headers: headers, body: .json(body))
    }
}

@Suite("Courses API")
struct CoursesAPITests {
    typealias Ready = CourseReadyPatient

    /// The indication a prescriber writes is kept with the course's record, not only checked.
    @Test func theIndicationIsRecordedWithTheCourse() async throws {
        try await TestApp.with { app, client in
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let patient = try await Ready.make(app, client, route: "esketamine-nasal")
            let missing = try await Ready.course(client, prescriber, patient: patient, #"{"protocol":"esketamine-mdsi","startDate":"\#(Ready.monday)"}"#)
            #expect(missing.status == .unprocessableContent && fieldNames(missing) == ["indicationNote"])
            let started = try await Ready.course(client, prescriber, patient: patient, #"""
                {"protocol":"esketamine-mdsi","startDate":"\#(Ready.monday)","indicationNote":"Active ideation with a plan; C-SSRS high today"}
                """#)
            #expect(started.status == .created, "\(started.body.text)")
            let events = try await app.database.auditEvents(AuditFilter(action: .create)).items.filter { $0.resourceType == "Course" }
            #expect(events.first?.detail?.hasSuffix("; indication: Active ideation with a plan; C-SSRS high today") == true)
        }
    }

    @Test func anEsketamineCourseIsPlannedOnlyWithEveryPrerequisite() async throws {
        try await TestApp.with { app, client in
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let body = #"{"protocol":"esketamine-trd","startDate":"\#(Ready.monday)","doseMg":84}"#
            let bare = try await Ready.make(app, client, route: "esketamine-nasal", decide: false, consent: false, rems: false)
            let refused = try await Ready.course(client, prescriber, patient: bare, body)
            #expect(refused.status == .unprocessableContent)
            #expect(fieldNames(refused) == ["eligibility", "consent", "rems"], "\(refused.body.text)")
            #expect(refused.body.text.contains("no signed eligibility decision for Esketamine nasal spray"))

            let noRems = try await Ready.make(app, client, route: "esketamine-nasal", rems: false, name: ("Bo", "Diaz"))
            #expect(fieldNames(try await Ready.course(client, prescriber, patient: noRems, body)) == ["rems"])
            let noConsent = try await Ready.make(app, client, route: "esketamine-nasal", consent: false, name: ("Cy", "Lee"))
            #expect(fieldNames(try await Ready.course(client, prescriber, patient: noConsent, body)) == ["consent"])
            let contraindicated = try await Ready.make(app, client, route: "esketamine-nasal", contraindication: true, name: ("Di", "Ng"))
            let notEligible = try await Ready.course(client, prescriber, patient: contraindicated, body)
            #expect(fieldNames(notEligible) == ["eligibility"] && notEligible.body.text.contains("is not-eligible"))

            let ready = try await Ready.make(app, client, route: "esketamine-nasal", name: ("Eve", "Ortiz"))
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            #expect(try await Ready.course(client, nurse, patient: ready, body).status == .forbidden, "nurses do not prescribe")
            let planned = try await Ready.course(client, prescriber, patient: ready, body)
            #expect(planned.status == .created, "\(planned.body.text)")
            #expect(planned.object["status"] as? String == "planned" && planned.object["protocol"] as? String == "esketamine-trd")
            let sessions = try #require(planned.object["plannedSessions"] as? [[String: Any]])
            #expect(sessions.count == 12)
            #expect(sessions.prefix(8).allSatisfy { $0["phase"] as? String == "induction" })
            #expect((sessions[0]["dose"] as? [String: Any])?["mg"] as? Double == 56 && (sessions[0]["dose"] as? [String: Any])?["devices"] as? Int == 2)
            #expect((sessions[1]["dose"] as? [String: Any])?["mg"] as? Double == 84 && (sessions[1]["dose"] as? [String: Any])?["devices"] as? Int == 3)
            #expect(sessions[0]["plannedDate"] as? String == Ready.monday.description)

            let unknown = try await Ready.course(client, prescriber, patient: ready, #"{"protocol":"laughing-gas","startDate":"\#(Ready.monday)"}"#)
            #expect(fieldNames(unknown) == ["protocol"])
            let badDose = try await Ready.course(client, prescriber, patient: ready, #"{"protocol":"esketamine-trd","startDate":"\#(Ready.monday)","doseMg":70,"sessionsPerWeek":3}"#)
            #expect(Set(fieldNames(badDose)) == ["doseMg", "sessionsPerWeek"], "\(badDose.body.text)")
        }
    }

    @Test func aWeightBasedCourseNeedsARecentWeightAndDoseChangesArePrescriberOrders() async throws {
        try await TestApp.with { app, client in
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let stale = try await Ready.make(app, client, route: "iv-ketamine", weightDaysAgo: 45)
            let refused = try await Ready.course(client, prescriber, patient: stale, #"{"protocol":"iv-ketamine","startDate":"\#(Ready.monday)","doseMgPerKg":0.5}"#)
            #expect(fieldNames(refused) == ["weight"] && refused.body.text.contains("45 days ago"))

            let ready = try await Ready.make(app, client, route: "iv-ketamine", name: ("Fay", "Hart"))
            let planned = try await Ready.course(client, prescriber, patient: ready, #"{"protocol":"iv-ketamine","startDate":"\#(Ready.monday)","doseMgPerKg":0.5,"sessionsPerWeek":3}"#)
            #expect(planned.status == .created, "\(planned.body.text)")
            let sessions = try #require(planned.object["plannedSessions"] as? [[String: Any]])
            #expect(sessions.count == 6 && sessions.allSatisfy { $0["infusionMinutes"] as? Int == 40 })
            #expect(sessions.last?["plannedDate"] as? String == Ready.monday.adding(days: 11).description)
            #expect((sessions[0]["dose"] as? [String: Any])?["mg"] as? Double == 35)
            let course = try #require(planned.object["id"] as? String)

            let byNurse = try await client.execute(uri: "/api/v1/courses/\(course)/dose-orders", method: .post, headers: nurse,
                                                   body: .json(#"{"doseMgPerKg":0.75,"reason":"partial response"}"#))
            #expect(byNurse.status == .forbidden, "nurses cannot change doses")
            let noOverride = try await client.execute(uri: "/api/v1/courses/\(course)/dose-orders", method: .post, headers: prescriber,
                                                      body: .json(#"{"doseMgPerKg":0.9,"fromSession":3,"reason":"partial response"}"#))
            #expect(noOverride.status == .unprocessableContent && fieldNames(noOverride) == ["overrideReason"])
            let tooHigh = try await client.execute(uri: "/api/v1/courses/\(course)/dose-orders", method: .post, headers: prescriber,
                                                   body: .json(#"{"doseMgPerKg":2.5,"fromSession":3,"reason":"escalation","overrideReason":"tolerated"}"#))
            #expect(fieldNames(tooHigh) == ["doseMgPerKg"] && tooHigh.body.text.contains("cannot be overridden"))
            let noReason = try await client.execute(uri: "/api/v1/courses/\(course)/dose-orders", method: .post, headers: prescriber,
                                                    body: .json(#"{"doseMgPerKg":0.75}"#))
            #expect(fieldNames(noReason) == ["reason"])
            let ordered = try await client.execute(uri: "/api/v1/courses/\(course)/dose-orders", method: .post, headers: prescriber,
                                                   body: .json(#"{"doseMgPerKg":0.9,"fromSession":3,"reason":"partial response at 0.5","overrideReason":"ASKP3 escalation, tolerated well"}"#))
            #expect(ordered.status == .created, "\(ordered.body.text)")
            let doses = (ordered.object["plannedSessions"] as? [[String: Any]])?.map { ($0["dose"] as? [String: Any])?["mg"] as? Double }
            #expect(doses == [35, 35, 63, 63, 63, 63])
            let audit = try await app.database.read { sql in
                try await sql.select().column("detail").from("audit_events").where("resource_type", .equal, "DoseOrder").all()
                    .map { try $0.decode(column: "detail", as: String.self) }
            }
            #expect(audit.contains { $0.contains("35 mg (0.5 mg/kg) → 63 mg (0.9 mg/kg); override: ASKP3 escalation") })

            let preparation = try await client.execute(uri: "/api/v1/courses/\(course)/preparation?session=1&vialMgPerMl=50&bagMl=100", method: .get, headers: nurse)
            #expect(preparation.object["drawMl"] as? Double == 0.7 && preparation.object["pumpMlPerHour"] as? Double == 151.1, "\(preparation.body.text)")
            let badVial = try await client.execute(uri: "/api/v1/courses/\(course)/preparation?vialMgPerMl=25&bagMl=100", method: .get, headers: nurse)
            #expect(fieldNames(badVial) == ["vialMgPerMl"])
            let plasma = try await client.execute(uri: "/api/v1/courses/\(course)/plasma?session=1", method: .get, headers: nurse)
            let peak = try #require(plasma.object["peakNgPerMl"] as? Double)
            #expect(abs(peak - 177) < 3 && plasma.object["peakMinute"] as? Double == 40)
            #expect((plasma.object["caution"] as? String)?.contains("not a dosing instruction") == true)

            let paused = try await client.execute(uri: "/api/v1/courses/\(course)/status", method: .post, headers: prescriber, body: .json(#"{"to":"paused","reason":"holiday"}"#))
            #expect(paused.status == .conflict && paused.body.text.contains("A planned course cannot become paused"))
            let started = try await client.execute(uri: "/api/v1/courses/\(course)/status", method: .post, headers: prescriber, body: .json(#"{"to":"active"}"#))
            #expect(started.object["status"] as? String == "active")
            let unexplained = try await client.execute(uri: "/api/v1/courses/\(course)/status", method: .post, headers: prescriber, body: .json(#"{"to":"stopped"}"#))
            #expect(fieldNames(unexplained) == ["reason"])
        }
    }

    @Test func bookingsAreRefusedWithTheReasonForEveryConflict() async throws {
        try await TestApp.with { app, client in
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let desk = HTTPFields.bearer(try await app.token(.frontDesk)).merging(.json)
            let patient = try await Ready.make(app, client, route: "esketamine-nasal")
            let other = try await Ready.make(app, client, route: "esketamine-nasal", name: ("Bo", "Diaz"))
            let course = try #require(try await Ready.course(client, prescriber, patient: patient, #"{"protocol":"esketamine-trd","startDate":"\#(Ready.monday)"}"#).object["id"] as? String)
            let otherCourse = try #require(try await Ready.course(client, prescriber, patient: other, #"{"protocol":"esketamine-trd","startDate":"\#(Ready.monday)"}"#).object["id"] as? String)
            func book(_ patientID: String, _ courseID: String, session: Int, day: CalendarDate = Ready.monday, at time: String = "09:00",
                      chair: String = "Chair 1", extra: String = "") async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/appointments", method: .post, headers: desk, body: .json(
                    #"{"patientId":"\#(patientID)","courseId":"\#(courseID)","sessionNumber":\#(session),"date":"\#(day)","startTime":"\#(time)","chair":"\#(chair)"\#(extra)}"#))
            }
            let first = try await book(patient, course, session: 1)
            #expect(first.status == .created, "\(first.body.text)")
            #expect(first.object["durationMinutes"] as? Int == 135 && first.object["endTime"] as? String == "11:15")
            let doubleBooked = try await book(other, otherCourse, session: 1, at: "10:00")
            #expect(doubleBooked.status == .conflict && fieldNames(doubleBooked) == ["chair"])
            #expect(doubleBooked.body.text.contains("Chair 1 is booked 09:00–11:15"))
            let sameDay = try await book(patient, course, session: 2, at: "14:00", chair: "Chair 2")
            #expect(sameDay.status == .conflict && sameDay.body.text.contains("one dose a day"))
            let tooClose = try await book(patient, course, session: 2, day: Ready.monday.adding(days: 1))
            #expect(tooClose.status == .conflict && tooClose.body.text.contains("at least 2 days apart"))
            let late = try await book(patient, course, session: 2, day: Ready.monday.adding(days: 3), at: "17:00")
            #expect(late.status == .conflict && fieldNames(late) == ["startTime"] && late.body.text.contains("outside opening hours"))
            let saturday = try await book(patient, course, session: 2, day: Ready.monday.adding(days: 5))
            #expect(saturday.status == .conflict && saturday.body.text.contains("closed on Saturday"))
            let short = try await book(patient, course, session: 2, day: Ready.monday.adding(days: 3), extra: #","durationMinutes":60"#)
            #expect(short.status == .unprocessableContent && fieldNames(short) == ["durationMinutes"])
            let again = try await book(patient, course, session: 1, day: Ready.monday.adding(days: 3))
            #expect(again.status == .conflict && again.body.text.contains("session 1 is already booked"))
            let other1 = try await book(other, otherCourse, session: 1, chair: "Chair 2")
            #expect(other1.status == .created)

            let id = try #require(first.object["id"] as? String)
            let unexplained = try await client.execute(uri: "/api/v1/appointments/\(id)", method: .patch, headers: desk, body: .json(#"{"startTime":"09:30"}"#))
            #expect(fieldNames(unexplained) == ["reason"])
            let moved = try await client.execute(uri: "/api/v1/appointments/\(id)", method: .patch, headers: desk,
                                                 body: .json(#"{"startTime":"09:30","reason":"patient-request"}"#))
            #expect(moved.status == .ok && moved.object["startTime"] as? String == "09:30" && moved.object["changeReason"] as? String == "patient-request")
            let clash = try await client.execute(uri: "/api/v1/appointments/\(id)", method: .patch, headers: desk,
                                                 body: .json(#"{"chair":"Chair 2","reason":"clinic"}"#))
            #expect(clash.status == .conflict)

            let day = try await client.execute(uri: "/api/v1/appointments?date=\(Ready.monday)", method: .get, headers: desk)
            #expect((day.object["items"] as? [[String: Any]])?.map { $0["chair"] as? String } == ["Chair 2", "Chair 1"])
            let chair = try await client.execute(uri: "/api/v1/appointments?date=\(Ready.monday)&chair=Chair%201", method: .get, headers: desk)
            #expect((chair.object["items"] as? [[String: Any]])?.count == 1)

            let badReason = try await client.execute(uri: "/api/v1/appointments/\(id)/cancel", method: .post, headers: desk, body: .json(#"{"reason":"weather"}"#))
            #expect(fieldNames(badReason) == ["reason"])
            let cancelled = try await client.execute(uri: "/api/v1/appointments/\(id)/cancel", method: .post, headers: desk,
                                                     body: .json(#"{"reason":"no-ride","note":"brother's car broke down"}"#))
            #expect(cancelled.object["status"] as? String == "cancelled" && cancelled.object["changeReason"] as? String == "no-ride")
            let twice = try await client.execute(uri: "/api/v1/appointments/\(id)/cancel", method: .post, headers: desk, body: .json(#"{"reason":"illness"}"#))
            #expect(twice.status == .conflict)
            let withCancelled = try await client.execute(uri: "/api/v1/appointments?date=\(Ready.monday)&patientId=\(patient)&includeCancelled=true",
                                                         method: .get, headers: desk)
            #expect((withCancelled.object["items"] as? [[String: Any]])?.first?["status"] as? String == "cancelled")

            let slots = try await client.execute(uri: "/api/v1/courses/\(course)/slots?startTime=09:00", method: .get, headers: desk)
            #expect((slots.object["items"] as? [[String: Any]])?.count == 12, "session 1 is free again")
            let booked = try await client.execute(uri: "/api/v1/courses/\(course)/bookings", method: .post, headers: desk, body: .json(#"{"startTime":"09:00"}"#))
            let placed = try #require(booked.object["items"] as? [[String: Any]])
            #expect(booked.status == .created && placed.count == 12 && placed.allSatisfy { $0["appointmentId"] is String })
            #expect(placed[0]["chair"] as? String == "Chair 1" && placed[0]["startTime"] as? String == "09:00")
            let read = try await client.execute(uri: "/api/v1/courses/\(course)", method: .get, headers: prescriber)
            #expect((read.object["plannedSessions"] as? [[String: Any]])?.allSatisfy { $0["booking"] is [String: Any] } == true)
        }
    }

    @Test func futilityAdviceShowsItsScoresAndAPrescriberAcceptsABooster() async throws {
        try await TestApp.with { app, client in
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let patient = try await Ready.make(app, client, route: "iv-ketamine")
            let course = try #require(try await Ready.course(client, prescriber, patient: patient,
                                                             #"{"protocol":"iv-ketamine","startDate":"\#(Ready.monday)","doseMgPerKg":0.5}"#).object["id"] as? String)
            _ = try await client.execute(uri: "/api/v1/courses/\(course)/status", method: .post, headers: prescriber, body: .json(#"{"to":"active"}"#))
            // Four sessions held, each dosed, then dated to its own past day.
            for number in 1...4 {
                let session = try await SessionsAPITests.giveIVDose(app, client, patient: patient, course: course)
                try await app.database.read { sql in
                    try await sql.update("dosing_sessions").set("session_date", to: SQLBind(Ready.today.adding(days: number - 12).description))
                        .where("id", .equal, session).run()
                }
            }
            let early = Instant.format(TestTime.now.addingTimeInterval(-13 * 86_400)), recent = Instant.format(TestTime.now.addingTimeInterval(-3600))
            for (answers, at) in [([3, 3, 2, 2, 2, 2, 2, 2, 0], early), ([2, 2, 2, 2, 2, 2, 2, 2, 0], recent)] {
                let recorded = try await client.execute(uri: "/api/v1/patients/\(patient)/assessments", method: .post, headers: prescriber,
                                                        body: .json(MeasuresAPITests.phq9(answers, takenAt: at)))
                #expect(recorded.status == .created, "\(recorded.body.text)")
            }
            let advice = try await client.execute(uri: "/api/v1/courses/\(course)/advice", method: .get, headers: prescriber)
            let open = try #require((advice.object["items"] as? [[String: Any]])?.first)
            #expect(open["kind"] as? String == "futility")
            #expect((open["baseline"] as? [String: Any])?["total"] as? Int == 18 && (open["latest"] as? [String: Any])?["total"] as? Int == 16)
            #expect((open["reasons"] as? [String])?.contains { $0.contains("rarely reported") } == true)
            let key = try #require(open["key"] as? String)
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let byNurse = try await client.execute(uri: "/api/v1/courses/\(course)/advice/decisions", method: .post, headers: nurse,
                                                   body: .json(#"{"key":"\#(key)","decision":"dismiss","note":"fine"}"#))
            #expect(byNurse.status == .forbidden)
            let noNote = try await client.execute(uri: "/api/v1/courses/\(course)/advice/decisions", method: .post, headers: prescriber,
                                                  body: .json(#"{"key":"\#(key)","decision":"dismiss"}"#))
            #expect(fieldNames(noNote) == ["note"])
            let accepted = try await client.execute(uri: "/api/v1/courses/\(course)/advice/decisions", method: .post, headers: prescriber,
                                                    body: .json(#"{"key":"\#(key)","decision":"accept","note":"one more at a higher dose, then review","boosterDate":"\#(Ready.monday.adding(days: 21))"}"#))
            #expect(accepted.status == .ok, "\(accepted.body.text)")
            #expect((accepted.object["plannedSessions"] as? [[String: Any]])?.last?["phase"] as? String == "booster")
            let after = try await client.execute(uri: "/api/v1/courses/\(course)/advice", method: .get, headers: prescriber)
            #expect((after.object["items"] as? [Any])?.isEmpty == true, "decided advice is not shown again")
            let again = try await client.execute(uri: "/api/v1/courses/\(course)/advice/decisions", method: .post, headers: prescriber,
                                                 body: .json(#"{"key":"\#(key)","decision":"accept"}"#))
            #expect(again.status == .notFound)
        }
    }

    @Test func adminsCopyAProtocolAndEveryEditIsANewVersion() async throws {
        try await TestApp.with { app, client in
            let admin = HTTPFields.bearer(try await app.token(.admin)).merging(.json)
            let list = try await client.execute(uri: "/api/v1/protocols", method: .get, headers: admin)
            #expect((list.object["items"] as? [[String: Any]])?.map { $0["id"] as? String } ==
                    ["iv-ketamine", "esketamine-trd", "esketamine-mdsi", "im-ketamine", "oral-ketamine", "sublingual-ketamine"])
            let copy = try await client.execute(uri: "/api/v1/protocols", method: .post, headers: admin, body: .json(
                #"{"copyOf":"iv-ketamine","id":"iv-ketamine-60","name":"IV ketamine over 60 minutes","infusionMinutes":60,"note":"slower infusion for BP"}"#))
            #expect(copy.status == .created && copy.object["version"] as? Int == 1 && copy.object["basedOn"] as? String == "iv-ketamine v1")
            let revised = try await client.execute(uri: "/api/v1/protocols/iv-ketamine-60", method: .patch, headers: admin,
                                                   body: .json(#"{"standardDose":0.75}"#))
            #expect(revised.object["version"] as? Int == 2 && (revised.object["dosing"] as? [String: Any])?["standard"] as? Double == 0.75)
            let versions = try await client.execute(uri: "/api/v1/protocols/iv-ketamine-60", method: .get, headers: admin)
            #expect((versions.object["items"] as? [[String: Any]])?.map { $0["version"] as? Int } == [2, 1])
            let builtIn = try await client.execute(uri: "/api/v1/protocols/iv-ketamine", method: .patch, headers: admin, body: .json(#"{"standardDose":0.75}"#))
            #expect(builtIn.status == .conflict)
            let aboveLabel = try await client.execute(uri: "/api/v1/protocols", method: .post, headers: admin, body: .json(
                #"{"copyOf":"esketamine-trd","id":"esk-112","name":"Too much","highestDose":112,"hardMaximum":112}"#))
            #expect(aboveLabel.status == .unprocessableContent && fieldNames(aboveLabel).contains("hardMaximum"))
            let taken = try await client.execute(uri: "/api/v1/protocols", method: .post, headers: admin, body: .json(
                #"{"copyOf":"iv-ketamine","id":"iv-ketamine-60","name":"Again"}"#))
            #expect(taken.status == .conflict)

            // An admin's version takes effect only when a prescriber signs it (clinical-safety issue, finding 2).
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let patient = try await Ready.make(app, client, route: "iv-ketamine")
            let unsigned = try await Ready.course(client, prescriber, patient: patient, #"{"protocol":"iv-ketamine-60","startDate":"\#(Ready.monday)"}"#)
            #expect(unsigned.status == .unprocessableContent && unsigned.body.text.contains("iv-ketamine-60 v2 has not been signed by a prescriber"))
            #expect(try await client.execute(uri: "/api/v1/protocols/iv-ketamine-60/signature", method: .post, headers: admin).status == .forbidden)
            let signed = try await client.execute(uri: "/api/v1/protocols/iv-ketamine-60/signature", method: .post, headers: prescriber)
            #expect(signed.status == .ok && signed.object["inEffect"] as? Bool == true && signed.object["signedByName"] as? String == app.users[.prescriber]!.name)
            #expect(try await client.execute(uri: "/api/v1/protocols/iv-ketamine-60/signature", method: .post, headers: prescriber).status == .conflict)
            let tooHigh = try await client.execute(uri: "/api/v1/protocols/iv-ketamine-60", method: .patch, headers: admin, body: .json(#"{"hardMaximum":2}"#))
            #expect(tooHigh.status == .unprocessableContent && fieldNames(tooHigh).contains("hardMaximum"), "no copy above the built-in ceiling")
            let course = try await Ready.course(client, prescriber, patient: patient, #"{"protocol":"iv-ketamine-60","startDate":"\#(Ready.monday)"}"#)
            #expect(course.object["protocolVersion"] as? Int == 2 && (course.object["plannedSessions"] as? [[String: Any]])?.first?["infusionMinutes"] as? Int == 60)
            _ = try await client.execute(uri: "/api/v1/protocols/iv-ketamine-60", method: .patch, headers: admin, body: .json(#"{"infusionMinutes":80}"#))
            let other = try await Ready.make(app, client, route: "iv-ketamine", name: ("Ben", "Okafor"))
            let stillV2 = try await Ready.course(client, prescriber, patient: other, #"{"protocol":"iv-ketamine-60","startDate":"\#(Ready.monday)"}"#)
            #expect(stillV2.object["protocolVersion"] as? Int == 2, "until v3 is signed, new courses follow v2")
            let kept = try await client.execute(uri: "/api/v1/courses/\(course.object["id"] as! String)", method: .get, headers: prescriber)
            #expect(kept.object["protocolVersion"] as? Int == 2 && (kept.object["plannedSessions"] as? [[String: Any]])?.first?["infusionMinutes"] as? Int == 60,
                    "a course keeps the version it started with")
        }
    }
}
