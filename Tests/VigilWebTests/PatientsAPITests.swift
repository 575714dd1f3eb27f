import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport
import VigilWeb

/// Creates a patient through the API and returns its id.
func registerPatient(_ client: some TestClientProtocol, headers: HTTPFields,
                     _ body: String = #"{"givenName":"Ana","familyName":"Rivera","birthDate":"1984-03-09","sex":"female","weightKg":68.5}"#) async throws -> String {
    let response = try await client.execute(uri: "/api/v1/patients", method: .post, headers: headers, body: .json(body))
    #expect(response.status == .created, "\(response.body.text)")
    return try #require(response.object["id"] as? String)
}

func fieldNames(_ response: TestResponse) -> [String] {
    (response.object["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] }
}

@Suite("Patients API")
struct PatientsAPITests {
    @Test func frontDeskRegistersReadsSearchesAndEditsAPatientsDemographics() async throws {
        try await TestApp.with { app, client in
            let headers = HTTPFields.bearer(try await app.token(.frontDesk)).merging(.json)
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: headers, #"""
                {"givenName":"Ana","familyName":"Rivera","birthDate":"1984-03-09","sex":"female","phone":"+1 555 010 0199",
                 "rideHomeContact":{"name":"Luis Rivera","phone":"555-010-0142","relationship":"brother"}}
                """#)
            let clinical = try await client.execute(uri: "/api/v1/patients/\(id)", method: .patch, headers: nurse, body: .json(#"""
                {"weightKg":68.5,"weightMeasuredOn":"2026-11-01","heightCm":165,"diagnoses":[{"code":"f33.2","text":"Major depressive disorder, recurrent severe"}],
                 "allergies":["penicillin"]}
                """#))
            #expect(clinical.status == .ok)
            let read = try await client.execute(uri: "/api/v1/patients/\(id)", method: .get, headers: headers)
            #expect(read.status == .ok)
            #expect(read.object["mrn"] as? String == "V000001")
            #expect((read.object["rideHomeContact"] as? [String: String])?["name"] == "Luis Rivera")
            for field in ["weightKg", "heightCm", "weights", "diagnoses", "medications", "allergies", "remsStatus"] {
                #expect(read.object[field] == nil, "the front desk does not read \(field)")
            }
            let chart = try await client.execute(uri: "/api/v1/patients/\(id)", method: .get, headers: nurse)
            #expect(chart.object["weightKg"] as? Double == 68.5 && (chart.object["diagnoses"] as? [[String: String]])?.first?["code"] == "F33.2")

            let patched = try await client.execute(uri: "/api/v1/patients/\(id)", method: .patch, headers: headers, body: .json(#"{"phone":""}"#))
            #expect(patched.status == .ok && patched.object["phone"] == nil)
            // Clinical fields are the clinicians': changing them is a 403, audited, and nothing changes.
            for body in [#"{"weightKg":67}"#, #"{"allergies":["latex"]}"#, #"{"remsStatus":"enrolled","remsEnrolledOn":"2026-11-20"}"#,
                         #"{"phone":"555 010 0100","diagnoses":[]}"#] {
                let refused = try await client.execute(uri: "/api/v1/patients/\(id)", method: .patch, headers: headers, body: .json(body))
                #expect(refused.status == .forbidden && refused.isProblem, "\(body)")
            }
            let withWeight = try await client.execute(uri: "/api/v1/patients", method: .post, headers: headers, body: .json(
                #"{"givenName":"Ben","familyName":"Okafor","birthDate":"1990-01-01","sex":"male","weightKg":80}"#))
            #expect(withWeight.status == .forbidden)
            #expect(try await client.execute(uri: "/api/v1/patients/\(id)", method: .get, headers: nurse).object["weightKg"] as? Double == 68.5)

            for query in ["rivera", "ANA riv", "V000001", "1984-03", "ana 1984"] {
                let found = try await client.execute(uri: "/api/v1/patients?query=\(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                                                     method: .get, headers: headers)
                #expect(found.object["total"] as? Int == 1, "\(query)")
            }
            let none = try await client.execute(uri: "/api/v1/patients?query=rivera%201999", method: .get, headers: headers)
            #expect(none.object["total"] as? Int == 0)

            let events = try await app.database.auditEvents(AuditFilter(patientID: UUID(uuidString: id))).items
            #expect(events.filter { $0.action == .update && $0.outcome == .success }.map(\.detail) == ["fields: phone", "fields: heightCm, weight, diagnoses, allergies"])
            let denied = events.filter { $0.outcome == .denied }
            #expect(denied.count == 4 && denied.allSatisfy { $0.detail?.hasPrefix("clinical fields need permission document-clinical") == true })
            #expect(events.filter { $0.action == .read && $0.patientID != nil }.count == 3, "every read of the record is audited with the patient's id")
            #expect(events.filter { $0.resourceType == "PatientList" }.count == 5, "and so is every search that showed her, but not the one that did not")
        }
    }

    @Test func invalidValuesAreNamedFieldByField() async throws {
        try await TestApp.with { app, client in
            let headers = HTTPFields.bearer(try await app.token(.frontDesk)).merging(.json)
            let cases: [(String, [String])] = [
                (#"{"givenName":"A","familyName":"B","birthDate":"2999-01-01","sex":"female"}"#, ["birthDate"]),
                (#"{"givenName":"A","familyName":"B","birthDate":"1990-02-30","sex":"female"}"#, ["birthDate"]),
                (#"{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sex":"f"}"#, ["sex"]),
                (#"{}"#, ["givenName", "familyName", "birthDate", "sex"]),
                (#"{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sex":"male","weightKg":-3}"#, ["weightKg"]),
                (#"{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sex":"male","weightKg":"heavy"}"#, ["weightKg"]),
                (#"{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sex":"male","diagnoses":[{"code":"depression","text":"x"}]}"#, ["diagnoses[0].code"]),
                (#"{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sex":"male","phone":"call me"}"#, ["phone"]),
                (#"{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sex":"male","remsStatus":"enrolled"}"#, ["remsEnrolledOn"]),
            ]
            for (body, fields) in cases {
                let response = try await client.execute(uri: "/api/v1/patients", method: .post, headers: headers, body: .json(body))
                #expect(response.status == .unprocessableContent && response.isProblem, "\(body)")
                #expect(fieldNames(response) == fields, "\(body)")
            }
            #expect(try await app.database.patientCount() == 0, "nothing was stored")
        }
    }

    @Test func aTakenMRNIsAConflictAndGeneratedOnesSkipIt() async throws {
        try await TestApp.with { app, client in
            let headers = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            _ = try await registerPatient(client, headers: headers, #"{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sex":"male","mrn":"v000002"}"#)
            let taken = try await client.execute(uri: "/api/v1/patients", method: .post, headers: headers,
                                                 body: .json(#"{"givenName":"C","familyName":"D","birthDate":"1990-01-01","sex":"male","mrn":"V000002"}"#))
            #expect(taken.status == .conflict && fieldNames(taken) == ["mrn"])
            let generated = try await client.execute(uri: "/api/v1/patients/\(try await registerPatient(client, headers: headers))", method: .get, headers: headers)
            #expect(generated.object["mrn"] as? String == "V000003")
        }
    }

    @Test func aConsultationRequestBecomesAPatient() async throws {
        try await TestApp.with { app, client in
            let request = try await app.database.receiveConsultationRequest(
                try ConsultationRequestDraft(name: "Maya de la Cruz", phone: "555 010 0123", email: nil, preferredContactTime: "mornings",
                                             message: "Two antidepressants did not help.", consentToContact: true), from: "203.0.113.9")
            let headers = HTTPFields.bearer(try await app.token(.frontDesk)).merging(.json)
            let queue = try await client.execute(uri: "/api/v1/consultation-requests?status=new", method: .get, headers: headers)
            #expect(queue.object["total"] as? Int == 1)
            let id = try await registerPatient(client, headers: headers, #"""
                {"givenName":"Maya","familyName":"de la Cruz","birthDate":"1979-06-01","sex":"female","consultationRequestId":"\#(request.id.lowercased)"}
                """#)
            let converted = try await client.execute(uri: "/api/v1/consultation-requests?status=converted", method: .get, headers: headers)
            let item = try #require((converted.object["items"] as? [[String: Any]])?.first)
            #expect(item["patientId"] as? String == id)
            let again = try await client.execute(uri: "/api/v1/consultation-requests/\(request.id.lowercased)", method: .post, headers: headers,
                                                 body: .json(#"{"status":"declined"}"#))
            #expect(again.status == .unprocessableContent, "a converted request stays converted")
            let bad = try await client.execute(uri: "/api/v1/consultation-requests/\(request.id.lowercased)", method: .post, headers: headers,
                                               body: .json(#"{"status":"converted"}"#))
            #expect(fieldNames(bad) == ["status"])
            let unknown = try await client.execute(uri: "/api/v1/patients", method: .post, headers: headers, body: .json(
                #"{"givenName":"A","familyName":"B","birthDate":"1990-01-01","sex":"male","consultationRequestId":"\#(UUID().lowercased)"}"#))
            #expect(unknown.status == .unprocessableContent && fieldNames(unknown) == ["consultationRequestId"])
        }
    }

    @Test func thePublicFormIsThrottledPerAddressAndRefusesScripts() async throws {
        try await TestApp.with { app, client in
            func send(_ fields: [(String, String)]) async throws -> TestResponse {
                let form = try await client.execute(uri: "/consult", method: .get)
                #expect(form.status == .ok && form.body.text.contains("988"))
                let cookie = String(try #require(form.headers[values: .setCookie].first).prefix { $0 != ";" })
                var headers = HTTPFields.form
                headers[.cookie] = cookie
                return try await client.execute(uri: "/consult", method: .post, headers: headers,
                                                body: formBody([("csrf", String(cookie.split(separator: "=")[1]))] + fields))
            }
            let valid = [("name", "Sam Lee"), ("email", "sam@example.org"), ("consentToContact", "yes")]
            for _ in 0..<3 {
                let sent = try await send(valid)
                #expect(sent.status == .seeOther && sent.headers[.location] == "/consult/thanks")
            }
            let limited = try await send(valid)
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
            let total = try await app.database.consultationRequests(status: nil, page: Page(), by: .commandLine).total
            #expect(total == 3)
            let thanks = try await client.execute(uri: "/consult/thanks", method: .get)
            #expect(thanks.body.text.contains("call or text 988"))
        }
    }

    @Test func theConsultFormNamesWhatIsMissingAndKeepsWhatWasTyped() async throws {
        try await TestApp.with { _, client in
            let form = try await client.execute(uri: "/consult", method: .get)
            let cookie = String(try #require(form.headers[values: .setCookie].first).prefix { $0 != ";" })
            var headers = HTTPFields.form
            headers[.cookie] = cookie
            let response = try await client.execute(uri: "/consult", method: .post, headers: headers, body: formBody([
                ("csrf", String(cookie.split(separator: "=")[1])), ("name", "Sam <b>Lee</b>"), ("email", "not-an-address"),
            ]))
            #expect(response.status == .unprocessableContent)
            let text = response.body.text
            #expect(text.contains("email: is not a valid email address") && text.contains("consentToContact"))
            #expect(text.contains("Sam &lt;b&gt;Lee&lt;/b&gt;"), "what was typed is kept, escaped")
        }
    }
}
