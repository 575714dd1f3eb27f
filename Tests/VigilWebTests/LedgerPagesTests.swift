import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore
import VigilTestSupport

@Suite("Ledger pages")
struct LedgerPagesTests {
    typealias Ready = CourseReadyPatient

    @Test func receiveCountResolveAndPrintTheRecords() async throws {
        try await TestApp.with { app, client in
            let (cookie, csrf) = try await app.browser(.admin)
            func post(_ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
                try await client.execute(uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie],
                                         body: formBody([("csrf", csrf)] + fields))
            }
            func get(_ path: String) async throws -> TestResponse { try await client.execute(uri: path, method: .get, headers: [.cookie: cookie]) }

            #expect(try await post("/inventory/products", [("name", "Ketamine HCl"), ("ndc", "0409-2053-01"), ("strength", "100 mg/mL"), ("form", "10 mL vial"),
                                                          ("unit", "mg"), ("unitsPerContainer", "1000"), ("mgPerMl", "100"), ("schedule", "III")]).status == .seeOther)
            let product = try #require(try await get("/inventory/receive").body.text.firstMatch(of: /option value="([0-9a-f-]{36})"/)?.1)
            let lot: [(String, String)] = [("productId", String(product)), ("lotNumber", "K2291"), ("expiresOn", Ready.today.adding(days: 20).description),
                                           ("supplierName", "McKesson"), ("supplierAddress", "1 Post St"), ("invoiceNumber", "INV-1"), ("storageLocation", "Safe A")]
            let refused = try await post("/inventory/receive", lot + [("containers", "5"), ("supplierDeaNumber", "RM1234564")])
            #expect(refused.status == .unprocessableContent && refused.body.text.contains("supplierDeaNumber") && refused.body.text.contains("value=\"K2291\""))
            let received = try await post("/inventory/receive", lot + [("containers", "5"), ("supplierDeaNumber", "RM1234563")])
            #expect(received.status == .seeOther && (received.headers[.location] ?? "").hasPrefix("/inventory?done="))
            let overview = try await get("/inventory").body.text
            #expect(overview.contains("Ketamine HCl: 5000 mg (50 mL)") && overview.contains("id=\"expiry-warnings\"") && overview.contains("within 30"))

            let countSheet = try await get("/inventory/count").body.text
            let lotID = try #require(countSheet.firstMatch(of: /name="count\.([0-9a-f-]{36})"/)?.1)
            #expect(!countSheet.contains("5000 mg") && countSheet.contains("Second counter"), "blind, and counted by two")
            let counter = [("witnessEmail", TestStaff.email(.nurse)), ("witnessPassword", TestStaff.password)]
            let alone = try await post("/inventory/count", [("count.\(lotID)", "5000")])
            #expect(alone.status == .unprocessableContent && alone.body.text.contains("witness is required"))
            let matched = try await post("/inventory/count", [("count.\(lotID)", "5000")] + counter)
            #expect((matched.headers[.location] ?? "").contains("every%20count%20matches"))
            let short = try await post("/inventory/count", [("count.\(lotID)", "4900")] + counter)
            #expect((short.headers[.location] ?? "").hasPrefix("/inventory/discrepancies"))
            let queue = try await get("/inventory/discrepancies").body.text
            #expect(queue.contains("-100 mg (-1 mL)"))
            let id = try #require(queue.firstMatch(of: /action="\/inventory\/discrepancies\/([0-9a-f-]{36})"/)?.1)
            #expect(try await post("/inventory/discrepancies/\(id)", [("note", "")]).status == .unprocessableContent)
            #expect(queue.contains("id=\"loss-yes-\(id)\"") && queue.contains("a pattern of losses over time"), "stock missing asks whether it is a significant loss")
            let unanswered = try await post("/inventory/discrepancies/\(id)", [("note", "One vial broken in the safe; entered as an adjustment")])
            #expect(unanswered.status == .unprocessableContent && unanswered.body.text.contains("significantLoss is required"))
            #expect(try await post("/inventory/discrepancies/\(id)", [("note", "One vial broken in the safe; entered as an adjustment"),
                                                                       ("significantLoss", "no")]).status == .seeOther)
            #expect(try await get("/inventory/discrepancies").body.text.contains("One vial broken in the safe; entered as an adjustment — Test Admin"))

            // The physical inventory: none yet, so it is due; the form hides the book; a wrong password signs nothing.
            #expect(try await get("/inventory").body.text.contains("No initial inventory is recorded"))
            #expect(try await get("/inventory/reports/inventory").body.text.contains("No physical inventory taken yet"))
            let sheet = try await get("/inventory/physical").body.text
            #expect(sheet.contains("name=\"full.\(lotID)\"") && sheet.contains("name=\"opened.\(lotID)\"") && !sheet.contains("5000 mg"))
            let unsigned = try await post("/inventory/physical", [("kind", "initial"), ("at", "opening"), ("full.\(lotID)", "5"), ("password", "not mine")] + counter)
            #expect(unsigned.status == .unprocessableContent && unsigned.body.text.contains("password is not your password")
                    && unsigned.body.text.contains("value=\"5\"") && !unsigned.body.text.contains("not mine")
                    && !unsigned.body.text.contains("value=\"\(TestStaff.password)\""))
            let signed = try await post("/inventory/physical", [("kind", "initial"), ("at", "opening"), ("full.\(lotID)", "5"), ("opened.\(lotID)", ""),
                                                                ("password", TestStaff.password)] + counter)
            #expect(signed.status == .seeOther && (signed.headers[.location] ?? "").hasPrefix("/inventory/reports/inventory?"))
            _ = try await app.database.changeSite(id: Site.firstID, .init(deaRegistration: "FK1234563",
                                                                          deaRegistrationExpiresOn: Ready.today.adding(days: 400).description), by: .commandLine)
            let inventory = try await get("/inventory/reports/inventory").body.text
            #expect(inventory.contains("DEA registration FK1234563"), "the records name the registration they are kept under")
            #expect(inventory.contains("Initial inventory, \(Ready.today), at the opening of business") && inventory.contains("<td>5</td>"))
            #expect(inventory.contains("signed with their password") && inventory.contains("Next biennial inventory due by \(Ready.today.year + 2)"))
            #expect(try await get("/inventory/reports/inventory?inventoryId=\(UUID().uuidString)").status == .unprocessableContent)
            // A note a spreadsheet would run as a formula (it starts with a digit after the minus) is exported as text.
            #expect(try await post("/inventory/entry", [("type", "receipt"), ("lotId", String(lotID)), ("quantity", "10"),
                                                        ("note", #"-1+HYPERLINK("https://evil.example")"#)]).status == .seeOther)
            let csv = try await get("/inventory/ledger?format=csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let rows = csv.body.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(rows.first?.hasPrefix("No.,When,Type,Product,Lot,Quantity") == true && rows.count == 6)
            #expect(csv.body.text.contains(#""'-1+HYPERLINK(""https://evil.example"")""#))
            #expect(try await get("/inventory/reports/stock-take").status == .notFound)
            #expect(try await get("/inventory/ledger?from=yesterday").status == .unprocessableContent)
        }
    }

    @Test func aSessionDoseIsDrawnFromALotAndItsRemainderWastedWithAWitness() async throws {
        try await TestApp.with { app, client in
            let call = LedgerAPITests.Caller(app: app, client: client)
            let (_, lot) = try await call.vialLot(quantity: 2000)
            let patient = try await Ready.make(app, client, route: "iv-ketamine")
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let course = try #require(try await Ready.course(client, prescriber, patient: patient,
                                                             #"{"protocol":"iv-ketamine","startDate":"\#(Ready.today)","doseMgPerKg":0.5}"#).object["id"] as? String)
            let nurse = HTTPFields.bearer(try await app.token(.nurse)).merging(.json)
            let session = try #require(try await client.execute(uri: "/api/v1/sessions", method: .post, headers: nurse,
                                                                body: .json(#"{"patientId":"\#(patient)","courseId":"\#(course)"}"#)).object["id"] as? String)
            for (path, method, body) in [("/transitions", HTTPRequest.Method.post, #"{"to":"checked-in"}"#),
                                         ("/checklist", .put, #"{"rideConfirmed":true,"noDrivingAcknowledged":true,"pregnancy":"not-pregnant","newMedications":[]}"#),
                                         ("/vitals", .post, #"{"systolic":124,"diastolic":80,"heartRate":72,"spo2":98}"#),
                                         ("/transitions", .post, #"{"to":"ready"}"#), ("/transitions", .post, #"{"to":"dosing"}"#)] {
                #expect([.ok, .created].contains(try await client.execute(uri: "/api/v1/sessions/\(session)\(path)", method: method, headers: nurse, body: .json(body)).status))
            }
            let (cookie, csrf) = try await app.browser(.nurse)
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
            let page = try await client.execute(uri: "/sessions/\(session)", method: .get, headers: [.cookie: cookie]).body.text
            #expect(page.contains("name=\"lotId\"") && page.contains("K2291"))
            let dosed = try await client.execute(uri: "/sessions/\(session)", method: .post, headers: form, body: formBody([
                ("csrf", csrf), ("action", "administer"), ("lotId", lot), ("pumpRateMlPerHour", "150"), ("volumeMl", "100"),
                ("supervisedBy", app.users[.prescriber]!.id.lowercased), ("startedNow", "yes")]))
            #expect(dosed.status == .seeOther && (dosed.headers[.location] ?? "").contains("drawn%20from%20lot%20K2291"))
            let after = try await client.execute(uri: "/sessions/\(session)", method: .get, headers: [.cookie: cookie]).body.text
            #expect(after.contains("Drawn from lot K2291 in the ledger: 35 mg (0.35 mL).") && after.contains("remainder, 965 mg (9.65 mL)"))
            let link = try #require(after.firstMatch(of: /href="(\/inventory\/entry\?[^"]+)" id="waste-remainder"/)?.1).replacingOccurrences(of: "&amp;", with: "&")
            let entry = try await client.execute(uri: link, method: .get, headers: [.cookie: cookie]).body.text
            #expect(entry.contains("value=\"965\"") && entry.contains("Patient: <strong>Ana Rivera</strong>"))
            let fields = [("csrf", csrf), ("type", "waste"), ("lotId", lot), ("quantity", "965"), ("patientId", patient), ("note", "Remainder of the opened vial"),
                          ("returnTo", "/sessions/\(session)"), ("witness1Email", TestStaff.email(.prescriber))]
            let wrong = try await client.execute(uri: "/inventory/entry", method: .post, headers: form, body: formBody(fields + [("witness1Password", "guess")]))
            #expect(wrong.status == .unprocessableContent && wrong.body.text.contains("email or password is not right") && !wrong.body.text.contains("guess"))
            let wasted = try await client.execute(uri: "/inventory/entry", method: .post, headers: form, body: formBody(fields + [("witness1Password", TestStaff.password)]))
            #expect(wasted.status == .seeOther && (wasted.headers[.location] ?? "").hasPrefix("/sessions/\(session)?done="))
            let done = try await client.execute(uri: "/sessions/\(session)", method: .get, headers: [.cookie: cookie]).body.text
            #expect(done.contains("Remainder wasted: 965 mg (9.65 mL), witnessed by Test Prescriber") && !done.contains("id=\"waste-remainder\""))
            let offsite = try await client.execute(uri: "/inventory/entry", method: .post, headers: form, body: formBody([
                ("csrf", csrf), ("type", "receipt"), ("lotId", lot), ("quantity", "10"), ("returnTo", "https://evil.example/")]))
            #expect(offsite.headers[.location]?.hasPrefix("/inventory?done=") == true)
            let log = try await client.execute(uri: "/inventory/reports/administrations", method: .get, headers: [.cookie: cookie]).body.text
            #expect(log.contains("<td>Ana Rivera</td>") && log.contains("<td>Test Prescriber</td>"))
        }
    }
}
