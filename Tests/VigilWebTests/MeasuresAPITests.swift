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

@Suite("Measures API")
struct MeasuresAPITests {
    static let now = Instant.format(TestTime.now.addingTimeInterval(-60))

    static func phq9(_ answers: [Int], takenAt: String = now, timing: String? = nil) -> String {
        #"{"instrument":"phq9","answers":\#(answers),"takenAt":"\#(takenAt)","source":"clinician"\#(timing.map { #","timing":"\#($0)""# } ?? "")}"#
    }

    /// A lesser signal is seen as a review alert, an item over the threshold as an urgent one.
    @Test func alertsHaveLevels() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: nurse)
            let low = try await client.execute(uri: "/api/v1/patients/\(id)/assessments", method: .post, headers: nurse, body: .json(
                #"{"instrument":"cssrs-screen","answers":[1,0,null,null,null,0,null],"takenAt":"\#(Self.now)","source":"clinician"}"#))
            #expect(low.status == .created && low.object["flags"] as? [String] == ["suicidality-review"], "\(low.body.text)")
            _ = try await client.execute(uri: "/api/v1/patients/\(id)/assessments", method: .post, headers: nurse, body: .json(Self.phq9([0, 0, 0, 0, 0, 0, 0, 0, 2])))
            let open = try await client.execute(uri: "/api/v1/alerts?status=open", method: .get, headers: nurse)
            #expect((open.object["items"] as? [[String: Any]])?.map { $0["level"] as? String } == ["urgent", "review"], "newest first")
        }
    }

    @Test func aScoredPHQ9WithItemNineRaisesAnAlertThatANurseAcknowledges() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: nurse)
            let created = try await client.execute(uri: "/api/v1/patients/\(id)/assessments", method: .post, headers: nurse,
                                                   body: .json(Self.phq9([2, 2, 1, 2, 1, 2, 1, 0, 1])))
            #expect(created.status == .created, "\(created.body.text)")
            #expect(created.object["total"] as? Int == 12 && created.object["severity"] as? String == "moderate")
            #expect(created.object["flags"] as? [String] == ["suicidality"])
            #expect(created.object["domains"] as? [String: Int] == ["emotional": 7, "physical": 4, "cognitive": 1])
            let alertID = try #require(created.object["alertId"] as? String)

            let open = try await client.execute(uri: "/api/v1/alerts?status=open", method: .get, headers: nurse)
            let items = try #require(open.object["items"] as? [[String: Any]])
            #expect(items.count == 1 && items[0]["patientName"] as? String == "Ana Rivera")
            #expect((items[0]["reasons"] as? [String])?.first == "PHQ-9 item 9 (thoughts of death or self-harm) answered 1 (Several days)")

            let noNote = try await client.execute(uri: "/api/v1/alerts/\(alertID)/acknowledge", method: .post, headers: nurse, body: .json(#"{"actionTaken":" "}"#))
            #expect(noNote.status == .unprocessableContent && fieldNames(noNote) == ["actionTaken"])
            let acknowledged = try await client.execute(uri: "/api/v1/alerts/\(alertID)/acknowledge", method: .post, headers: nurse,
                                                        body: .json(#"{"actionTaken":"Called the patient; safety plan reviewed with Dr Osei"}"#))
            #expect(acknowledged.status == .ok && acknowledged.object["status"] as? String == "acknowledged")
            let again = try await client.execute(uri: "/api/v1/alerts/\(alertID)/acknowledge", method: .post, headers: nurse,
                                                 body: .json(#"{"actionTaken":"Twice"}"#))
            #expect(again.status == .conflict)
            let stillOpen = try await client.execute(uri: "/api/v1/alerts?status=open", method: .get, headers: nurse)
            #expect(stillOpen.object["total"] as? Int == 0)
            let trail = try await app.database.auditEvents(AuditFilter(patientID: UUID(uuidString: id))).items
            #expect(trail.contains { $0.resourceType == "SuicidalityAlert" && $0.action == .update && $0.detail == "acknowledged; action taken recorded" })
            #expect(trail.contains { $0.resourceType == "Assessment" && $0.detail == "PHQ-9 total 12, moderate; flags: suicidality" })
        }
    }

    @Test func everyBadAssessmentIsRefusedNamingTheItem() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: nurse)
            let uri = "/api/v1/patients/\(id)/assessments"
            func post(_ body: String) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .post, headers: nurse, body: .json(body))
            }
            #expect(fieldNames(try await post(Self.phq9([0, 0, 0, 0, 0, 0, 0, 0]))) == ["answers"])
            let wrong = try await post(#"{"instrument":"phq9","answers":[0,0,0,4,1.5,"two",null,-1,0],"takenAt":"\#(Self.now)","source":"clinician"}"#)
            #expect(wrong.status == .unprocessableContent && wrong.isProblem)
            #expect(fieldNames(wrong) == ["answers[3]", "answers[4]", "answers[5]", "answers[6]", "answers[7]"])
            let future = Instant.format(TestTime.now.addingTimeInterval(3600))
            #expect(fieldNames(try await post(Self.phq9([0, 0, 0, 0, 0, 0, 0, 0, 0], takenAt: future))) == ["takenAt"])
            #expect(fieldNames(try await post(Self.phq9([0, 0, 0, 0, 0, 0, 0, 0, 0], takenAt: "yesterday"))) == ["takenAt"])
            #expect(fieldNames(try await post(#"{"instrument":"hamd","answers":[],"takenAt":"\#(Self.now)","source":"clinician"}"#)) == ["instrument"])
            #expect(fieldNames(try await post(#"{"instrument":"gad7","answers":[0,0,0,0,0,0,0],"takenAt":"\#(Self.now)","source":"robot","timing":"later"}"#))
                    == ["source", "timing"])
            #expect(fieldNames(try await post(#"{"instrument":"madrs","answers":[0,0,0,0,0,0,0,0,0,7],"takenAt":"\#(Self.now)","source":"clinician"}"#)) == ["answers[9]"])
            let missing = try await client.execute(uri: "/api/v1/patients/\(UUID())/assessments", method: .post, headers: nurse,
                                                   body: .json(Self.phq9([0, 0, 0, 0, 0, 0, 0, 0, 0])))
            #expect(missing.status == .notFound)
            let list = try await client.execute(uri: uri, method: .get, headers: nurse)
            #expect((list.object["items"] as? [Any])?.isEmpty == true, "nothing stored by a refused request")
        }
    }

    @Test func frontDeskMayNotSeeMeasuresOrAlerts() async throws {
        try await TestApp.with { app, client in
            let desk = HTTPFields.bearer(try await app.token(.frontDesk)).merging(.json)
            let id = try await registerPatient(client, headers: desk, #"{"givenName":"Ana","familyName":"Rivera","birthDate":"1984-03-09","sex":"female"}"#)
            #expect(try await client.execute(uri: "/api/v1/patients/\(id)/assessments", method: .post, headers: desk,
                                             body: .json(Self.phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]))).status == .forbidden)
            #expect(try await client.execute(uri: "/api/v1/patients/\(id)/assessments", method: .get, headers: desk).status == .forbidden)
            #expect(try await client.execute(uri: "/api/v1/alerts?status=open", method: .get, headers: desk).status == .forbidden)
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber))
            #expect(try await client.execute(uri: "/api/v1/alerts?status=open", method: .get, headers: prescriber).status == .ok)
        }
    }

    @Test func outcomesFollowTheSeriesFromBaseline() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: nurse)
            let none = try await client.execute(uri: "/api/v1/patients/\(id)/outcomes?instrument=phq9", method: .get, headers: nurse)
            #expect(none.status == .notFound)
            let day = 86_400.0
            let start = TestTime.now.addingTimeInterval(-30 * day)
            for (index, answers) in [[3, 3, 2, 2, 2, 2, 2, 2, 0], [1, 1, 1, 1, 1, 1, 1, 1, 0], [0, 1, 1, 1, 0, 0, 0, 0, 0], [2, 2, 1, 1, 1, 1, 1, 1, 0]].enumerated() {
                let body = Self.phq9(answers, takenAt: Instant.format(start.addingTimeInterval(Double(index) * 7 * day)), timing: index == 0 ? "baseline" : nil)
                #expect(try await client.execute(uri: "/api/v1/patients/\(id)/assessments", method: .post, headers: nurse, body: .json(body)).status == .created)
            }
            let outcome = try await client.execute(uri: "/api/v1/patients/\(id)/outcomes?instrument=phq9", method: .get, headers: nurse)
            #expect(outcome.status == .ok, "\(outcome.body.text)")
            #expect((outcome.object["baseline"] as? [String: Any])?["total"] as? Int == 18)
            #expect((outcome.object["latest"] as? [String: Any])?["total"] as? Int == 10)
            #expect(outcome.object["status"] as? String == "relapse")
            #expect(outcome.object["firstResponseAt"] is String && outcome.object["firstRemissionAt"] is String)
            #expect(outcome.object["percentChange"] as? Double == -44.4)
            let notTracked = try await client.execute(uri: "/api/v1/patients/\(id)/outcomes?instrument=who5", method: .get, headers: nurse)
            #expect(fieldNames(notTracked) == ["instrument"])
            let window = try await client.execute(uri: "/api/v1/patients/\(id)/assessments?instrument=phq9&from=\(Instant.format(start.addingTimeInterval(day)))",
                                                  method: .get, headers: nurse)
            #expect((window.object["items"] as? [[String: Any]])?.map { $0["total"] as? Int } == [8, 3, 10])
            let badWindow = try await client.execute(uri: "/api/v1/patients/\(id)/assessments?from=soon&instrument=x", method: .get, headers: nurse)
            #expect(Set(fieldNames(badWindow)) == ["from", "instrument"])
        }
    }

    @Test func assessmentsCannotBeChangedEvenWithDirectAccess() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: nurse)
            _ = try await client.execute(uri: "/api/v1/patients/\(id)/assessments", method: .post, headers: nurse, body: .json(Self.phq9([1, 1, 1, 1, 1, 1, 1, 1, 0])))
            await #expect(throws: (any Error).self) {
                try await app.database.write { tx in try await tx.sql.update("assessments").set("total", to: SQLBind(0)).run() }
            }
        }
    }
}
