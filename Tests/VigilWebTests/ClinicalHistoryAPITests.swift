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

@Suite("Treatment history, eligibility and consent API")
struct ClinicalHistoryAPITests {
    static func trial(_ drug: String, _ dose: Double, _ start: String, _ end: String?, outcome: String = "no-response", extra: String = "") -> String {
        #"{"drug":"\#(drug)","dailyDoseMg":\#(dose),"startDate":"\#(start)",\#(end.map { #""endDate":"\#($0)","# } ?? "")"currentEpisode":true,"adherence":"adequate","outcome":"\#(outcome)"\#(extra)}"#
    }

    @Test func twoAdequateFailedTrialsMakeThePatientTreatmentResistant() async throws {
        try await TestApp.with { app, client in
            let headers = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: headers)
            for body in [Self.trial("sertraline", 25, "2025-01-06", "2025-03-10"), Self.trial("Sertraline", 150, "2025-03-11", "2025-05-20"),
                         Self.trial("venlafaxine", 225, "2025-06-01", "2025-08-15", outcome: "partial-response")] {
                let response = try await client.execute(uri: "/api/v1/patients/\(id)/medication-trials", method: .post, headers: headers, body: .json(body))
                #expect(response.status == .created, "\(response.body.text)")
            }
            let verdict = try await client.execute(uri: "/api/v1/patients/\(id)/treatment-resistance", method: .get, headers: headers)
            #expect(verdict.status == .ok)
            #expect(verdict.object["treatmentResistant"] as? Bool == true && verdict.object["adequateFailedTrials"] as? Int == 2)
            #expect((verdict.object["criteria"] as? [String: Int]) == ["minimumTrials": 2, "minimumWeeks": 6])
            let trials = try #require(verdict.object["trials"] as? [[String: Any]])
            #expect(trials.count == 3 && trials[0]["adequate"] as? Bool == false && trials[0]["failed"] as? Bool == true)
            #expect((trials[0]["reasons"] as? [String])?.first == "Sertraline 25 mg/day is below the 50 mg/day minimum.")
            #expect(trials.allSatisfy { $0["id"] is String && $0["drug"] is String })
            #expect(verdict.object["maudsleyScore"] == nil, "no episode recorded yet")

            let episodeStart = CalendarDate(TestTime.now.addingTimeInterval(-200 * 86_400), in: TestTime.zone)
            let episode = try await client.execute(uri: "/api/v1/patients/\(id)/current-episode", method: .put, headers: headers,
                                                   body: .json(#"{"startDate":"\#(episodeStart)","severity":"moderate"}"#))
            #expect(episode.status == .ok)
            let ect = try await client.execute(uri: "/api/v1/patients/\(id)/other-treatments", method: .post, headers: headers,
                                               body: .json(#"{"kind":"augmentation","description":"aripiprazole 5 mg","currentEpisode":true}"#))
            #expect(ect.status == .created)
            let staged = try await client.execute(uri: "/api/v1/patients/\(id)/treatment-resistance", method: .get, headers: headers)
            // Episode of 6 months → 1, moderate → 3, 2 failures → 1, augmentation → 1 (Fekadu 2018).
            #expect(staged.object["maudsleyScore"] as? Int == 6)
        }
    }

    @Test func trialValuesAreCheckedFieldByField() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: nurse)
            let cases: [(String, [String])] = [
                (Self.trial("sertraline", -50, "2025-01-01", nil), ["dailyDoseMg"]),
                (Self.trial("sertraline", 5000, "2025-01-01", "2025-03-01"), ["dailyDoseMg"]),
                (Self.trial("sertraline", 100, "2025-05-01", "2025-03-01"), ["endDate"]),
                (Self.trial("sertraline", 100, "2999-05-01", nil, outcome: "ongoing"), ["startDate"]),
                (Self.trial("happyzine", 100, "2025-01-01", "2025-03-01"), ["drug"]),
                (Self.trial("sertraline", 100, "2025-01-01", "2025-03-01", outcome: "better"), ["outcome"]),
                (Self.trial("esketamine-free", 10, "2025-01-01", "2025-03-01", extra: #","doseOverride":{"reason":"per records"}"#), ["doseOverride"]),
            ]
            for (body, fields) in cases {
                let response = try await client.execute(uri: "/api/v1/patients/\(id)/medication-trials", method: .post, headers: nurse, body: .json(body))
                #expect(response.status == .unprocessableContent && fieldNames(response) == fields, "\(body) → \(response.body.text)")
            }
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let overridden = try await client.execute(uri: "/api/v1/patients/\(id)/medication-trials", method: .post, headers: prescriber, body: .json(
                Self.trial("gepirone", 60, "2025-01-01", "2025-03-01", extra: #","doseOverride":{"reason":"label minimum is 18.2 mg; 60 mg is within range"}"#)))
            #expect(overridden.status == .created)
            #expect((overridden.object["doseOverride"] as? [String: String])?["prescriber"] == app.users[.prescriber]!.name)
        }
    }

    @Test func screeningEligibilityAndSignedDecisions() async throws {
        try await TestApp.with { app, client in
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let id = try await registerPatient(client, headers: nurse)
            let none = try await client.execute(uri: "/api/v1/patients/\(id)/eligibility", method: .get, headers: nurse)
            #expect(none.object["status"] as? String == "incomplete")

            var items = ScreeningItem.allCases.map { #""\#($0.rawValue)":{"answer":"no"}"# }
            items[0] = #""aneurysmal-vascular-disease":{"answer":"unknown","note":"awaiting cardiology letter"}"#
            let partial = try await client.execute(uri: "/api/v1/patients/\(id)/screening", method: .put, headers: nurse,
                                                   body: .json(#"{"items":{\#(items.joined(separator: ","))},"systolic":150,"diastolic":85}"#))
            #expect(partial.status == .ok)
            let unsigned = try await client.execute(uri: "/api/v1/patients/\(id)/eligibility/sign", method: .post, headers: prescriber,
                                                    body: .json(#"{"route":"esketamine-nasal"}"#))
            #expect(unsigned.status == .unprocessableContent && fieldNames(unsigned) == ["screening"])

            items[0] = #""aneurysmal-vascular-disease":{"answer":"no"}"#
            _ = try await client.execute(uri: "/api/v1/patients/\(id)/screening", method: .put, headers: nurse,
                                         body: .json(#"{"items":{\#(items.joined(separator: ","))},"systolic":150,"diastolic":85}"#))
            let verdict = try await client.execute(uri: "/api/v1/patients/\(id)/eligibility?route=esketamine-nasal", method: .get, headers: nurse)
            #expect(verdict.object["status"] as? String == "eligible-with-precautions" && verdict.object["route"] as? String == "esketamine-nasal")
            #expect((verdict.object["reasons"] as? [String])?.contains { $0.contains("150/85 mmHg is above 140/90") } == true)

            let first = try await client.execute(uri: "/api/v1/patients/\(id)/eligibility/sign", method: .post, headers: prescriber,
                                                 body: .json(#"{"route":"esketamine-nasal","note":"recheck BP before first dose"}"#))
            #expect(first.status == .created && first.object["current"] as? Bool == true)
            let second = try await client.execute(uri: "/api/v1/patients/\(id)/eligibility/sign", method: .post, headers: prescriber,
                                                  body: .json(#"{"route":"esketamine-nasal"}"#))
            #expect(second.status == .created)
            let decisions = try await client.execute(uri: "/api/v1/patients/\(id)/eligibility?route=esketamine-nasal", method: .get, headers: nurse)
            let listed = try #require(decisions.object["decisions"] as? [[String: Any]])
            #expect(listed.count == 2 && listed[0]["current"] as? Bool == true && listed[1]["current"] as? Bool == false)
            #expect(listed[1]["note"] as? String == "recheck BP before first dose")

            await #expect(throws: (any Error).self, "a signed decision cannot be changed, even with direct access") {
                try await app.database.read { sql in
                    try await sql.raw("UPDATE eligibility_decisions SET status = 'eligible'").run()
                }
            }
            let bad = try await client.execute(uri: "/api/v1/patients/\(id)/eligibility/sign", method: .post, headers: prescriber,
                                               body: .json(#"{"route":"intranasal"}"#))
            #expect(fieldNames(bad) == ["route"])
            let badItem = try await client.execute(uri: "/api/v1/patients/\(id)/screening", method: .put, headers: nurse,
                                                   body: .json(#"{"items":{"psychosis":{"answer":"maybe"},"flying":{"answer":"no"}},"systolic":300,"diastolic":310}"#))
            #expect(Set(fieldNames(badItem)) == ["items.psychosis.answer", "items.flying", "diastolic"])
        }
    }

    @Test func consentToTheExactTemplateVersionWitnessedAndWithdrawn() async throws {
        try await TestApp.with { app, client in
            let admin = HTTPFields.bearer(try await app.token(.admin)).merging(.json)
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let text = "You will receive ketamine by intravenous infusion. Risks include dissociation and raised blood pressure."
            let v1 = try await client.execute(uri: "/api/v1/consent-templates", method: .post, headers: admin,
                                              body: .json(#"{"route":"iv-ketamine","title":"IV ketamine consent","body":"\#(text)"}"#))
            #expect(v1.status == .created && v1.object["version"] as? Int == 1)
            let v2 = try await client.execute(uri: "/api/v1/consent-templates", method: .post, headers: admin,
                                              body: .json(#"{"route":"iv-ketamine","title":"IV ketamine consent","body":"\#(text) Do not drive until the next day."}"#))
            #expect(v2.object["version"] as? Int == 2)
            let id = try await registerPatient(client, headers: nurse)
            let wrongName = try await client.execute(uri: "/api/v1/patients/\(id)/consents", method: .post, headers: nurse,
                                                     body: .json(#"{"templateId":"\#(v1.object["id"] as! String)","typedName":"Someone Else"}"#))
            #expect(wrongName.status == .unprocessableContent && fieldNames(wrongName) == ["typedName"])
            let consent = try await client.execute(uri: "/api/v1/patients/\(id)/consents", method: .post, headers: nurse,
                                                   body: .json(#"{"templateId":"\#(v1.object["id"] as! String)","typedName":"  ana   RIVERA "}"#))
            #expect(consent.status == .created && consent.object["templateVersion"] as? Int == 1)
            #expect(consent.object["witnessName"] as? String == app.users[.nurse]!.name && consent.object["current"] as? Bool == true)
            let consentID = try #require(consent.object["id"] as? String)
            let withdrawn = try await client.execute(uri: "/api/v1/patients/\(id)/consents/\(consentID)/withdraw", method: .post, headers: nurse,
                                                     body: .json(#"{"reason":"Patient changed their mind"}"#))
            #expect(withdrawn.status == .ok && withdrawn.object["current"] as? Bool == false)
            let twice = try await client.execute(uri: "/api/v1/patients/\(id)/consents/\(consentID)/withdraw", method: .post, headers: nurse,
                                                 body: .json(#"{"reason":"again"}"#))
            #expect(twice.status == .unprocessableContent)
            let list = try await client.execute(uri: "/api/v1/patients/\(id)/consents", method: .get, headers: nurse)
            #expect((list.object["items"] as? [[String: Any]])?.count == 1)
            let shortBody = try await client.execute(uri: "/api/v1/consent-templates", method: .post, headers: admin,
                                                     body: .json(#"{"route":"oral","title":"","body":"ok"}"#))
            #expect(fieldNames(shortBody) == ["route", "title", "body"])
        }
    }

    @Test func frontDeskIsRefusedClinicalContentAndEveryRefusalIsAudited() async throws {
        try await TestApp.with { app, client in
            let headers = HTTPFields.bearer(try await app.token(.frontDesk)).merging(.json)
            let id = try await registerPatient(client, headers: headers, #"{"givenName":"Ana","familyName":"Rivera","birthDate":"1984-03-09","sex":"female"}"#)
            let attempts: [(HTTPRequest.Method, String)] = [
                (.post, "medication-trials"), (.get, "treatment-resistance"), (.put, "screening"), (.get, "eligibility"),
                (.post, "eligibility/sign"), (.get, "consents"), (.post, "consents"),
            ]
            for (method, path) in attempts {
                let response = try await client.execute(uri: "/api/v1/patients/\(id)/\(path)", method: method, headers: headers,
                                                        body: method == .get ? nil : .json("{}"))
                #expect(response.status == .forbidden, "\(method) \(path)")
            }
            let denied = try await app.database.auditEvents(AuditFilter(userID: app.users[.frontDesk]!.id, outcome: .denied)).items
            #expect(denied.count == attempts.count)
            let chart = try await client.execute(uri: "/patients/\(id)", method: .get, headers: [.cookie: try await app.browser(.frontDesk).cookie])
            #expect(chart.status == .ok && chart.body.text.contains("Rivera") && !chart.body.text.contains("Treatment resistance"))
        }
    }

    @Test func anAdminEditsTheDrugTableAndTheTrialMinimum() async throws {
        try await TestApp.with { app, client in
            let admin = HTTPFields.bearer(try await app.token(.admin)).merging(.json)
            let changed = try await client.execute(uri: "/api/v1/antidepressants/venlafaxine", method: .put, headers: admin,
                                                   body: .json(#"{"drugClass":"SNRI","minimumDailyDoseMg":75,"note":"our payers accept 75"}"#))
            #expect(changed.status == .ok)
            let drug = (changed.object["items"] as? [[String: Any]])?.first { $0["genericName"] as? String == "venlafaxine" }
            #expect(drug?["minimumDailyDoseMg"] as? Double == 75 && drug?["source"] as? String == "clinic setting")
            let weeks = try await client.execute(uri: "/api/v1/settings", method: .patch, headers: admin, body: .json(#"{"trdMinimumWeeks":8}"#))
            #expect(weeks.status == .ok && weeks.object["trdMinimumWeeks"] as? Int == 8)
            let absurd = try await client.execute(uri: "/api/v1/settings", method: .patch, headers: admin, body: .json(#"{"trdMinimumWeeks":52}"#))
            #expect(fieldNames(absurd) == ["trdMinimumWeeks"])

            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let id = try await registerPatient(client, headers: nurse)
            _ = try await client.execute(uri: "/api/v1/patients/\(id)/medication-trials", method: .post, headers: nurse,
                                         body: .json(Self.trial("venlafaxine", 75, "2025-01-01", "2025-02-19")))
            let verdict = try await client.execute(uri: "/api/v1/patients/\(id)/treatment-resistance", method: .get, headers: nurse)
            let reasons = ((verdict.object["trials"] as? [[String: Any]])?.first?["reasons"] as? [String]) ?? []
            #expect(reasons.contains("Venlafaxine 75 mg/day reaches the 75 mg/day minimum."))
            #expect(reasons.contains("It lasted 7 weeks, less than the 8-week minimum."))
            let removed = try await client.execute(uri: "/api/v1/antidepressants/venlafaxine", method: .delete, headers: admin)
            #expect(removed.status == .ok)
            let audited = try await app.database.auditEvents(AuditFilter(userID: app.users[.admin]!.id)).items.map(\.resourceType)
            #expect(audited.filter { $0 == "Antidepressant" }.count == 2 && audited.contains("ClinicSetting"))
        }
    }
}
