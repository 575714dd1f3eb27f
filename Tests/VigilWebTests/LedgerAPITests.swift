import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore
import VigilTestSupport

@Suite("Ledger API")
struct LedgerAPITests {
    typealias Ready = CourseReadyPatient

    /// Posts JSON as a role and returns the response.
    struct Caller {
        let app: TestApp
        let client: any TestClientProtocol

        func post(_ path: String, _ body: String, as role: Role = .nurse) async throws -> TestResponse {
            try await client.execute(uri: "/api/v1/inventory\(path)", method: .post,
                                     headers: HTTPFields.bearer(try await app.token(role)).merging(.json), body: .json(body))
        }

        func get(_ path: String, as role: Role = .nurse) async throws -> TestResponse {
            try await client.execute(uri: "/api/v1/inventory\(path)", method: .get, headers: .bearer(try await app.token(role)))
        }

        func witness(_ role: Role, password: String = TestStaff.password) -> String {
            #"{"email":"\#(TestStaff.email(role))","password":"\#(password)"}"#
        }

        /// A ledger entry on `lot`; extra is more JSON members.
        func entry(_ type: String, _ lot: String, _ quantity: Double, _ extra: String = "", as role: Role = .nurse) async throws -> TestResponse {
            try await post("/entries", #"{"type":"\#(type)","lotId":"\#(lot)","quantity":\#(quantity)\#(extra.isEmpty ? "" : ",")\#(extra)}"#, as: role)
        }

        /// A ketamine 100 mg/mL 10 mL vial product and one lot of it, received with `quantity` mg.
        func vialLot(number: String = "K2291", expires: CalendarDate = Ready.today.adding(days: 400), quantity: Double = 5000,
                     product: String? = nil) async throws -> (product: String, lot: String) {
            var productID = product
            if productID == nil {
                let created = try await post("/products", #"{"name":"Ketamine HCl","ndc":"0409-2053-01","strength":"100 mg/mL","form":"10 mL vial","unit":"mg","unitsPerContainer":1000,"mgPerMl":100,"schedule":"III"}"#)
                #expect(created.status == .created, "\(created.body.text)")
                productID = created.object["id"] as? String
            }
            let lot = try await post("/lots", #"{"productId":"\#(productID!)","lotNumber":"\#(number)","expiresOn":"\#(expires)","supplierName":"McKesson","supplierAddress":"1 Post St, San Francisco CA","supplierDeaNumber":"RM1234563","invoiceNumber":"INV-77","storageLocation":"Safe A","quantity":\#(quantity)}"#)
            #expect(lot.status == .created, "\(lot.body.text)")
            return (productID!, lot.object["id"] as! String)
        }
    }

    static func errors(_ response: TestResponse) -> [String] {
        (response.object["errors"] as? [[String: Any]] ?? []).map { "\($0["field"]!): \($0["message"]!)" }
    }

    @Test func productsAndLotsAreCheckedAndUnique() async throws {
        try await TestApp.with { app, client in
            let call = Caller(app: app, client: client)
            let bad = try await call.post("/products", #"{"name":"Ketamine","ndc":"12345","strength":"100 mg/mL","form":"vial","unit":"ml","unitsPerContainer":0,"schedule":"VI"}"#)
            #expect(bad.status == .unprocessableContent && Set(Self.errors(bad).map { $0.components(separatedBy: ":")[0] }) == ["ndc", "unit", "unitsPerContainer", "schedule"])
            let (product, _) = try await call.vialLot()
            let again = try await call.post("/products", #"{"name":"Ketamine HCl","ndc":"0409-2053-01","strength":"100 mg/mL","form":"10 mL vial","unit":"mg","unitsPerContainer":1000,"schedule":"III"}"#)
            #expect(again.status == .conflict)
            let sameLot = try await call.post("/lots", #"{"productId":"\#(product)","lotNumber":"K2291","expiresOn":"2030-01-31","supplierName":"McKesson","supplierAddress":"SF","supplierDeaNumber":"RM1234563","invoiceNumber":"INV-78","storageLocation":"Safe A"}"#)
            #expect(sameLot.status == .conflict)
            let badDEA = try await call.post("/lots", #"{"productId":"\#(product)","lotNumber":"K2300","expiresOn":"2030-01-31","supplierName":"McKesson","supplierAddress":"SF","supplierDeaNumber":"RM1234564","invoiceNumber":"INV-78","storageLocation":"Safe A","quantity":-5}"#)
            #expect(badDEA.status == .unprocessableContent && Self.errors(badDEA).contains { $0.hasPrefix("supplierDeaNumber") })
            let lots = try await call.get("/lots?productId=\(product)", as: .auditor)
            #expect((lots.object["items"] as? [[String: Any]])?.count == 1)
            let balances = try await call.get("/balances", as: .auditor).object["items"] as! [[String: Any]]
            let balance = balances[0]["balance"] as! [String: Any]
            #expect(balance["mg"] as? Double == 5000 && balance["ml"] as? Double == 50 && balance["containers"] as? Double == 5)
        }
    }

    /// Witness checks were a password oracle: "must be a nurse or prescriber" for an admin's or auditor's
    /// right password, no lock-out, no audit, any number of witnesses (hostile-testing issue, defects 2 and 3).
    @Test func witnessChecksGiveOneAnswerCountTowardsLockOutAndAreAudited() async throws {
        try await TestApp.with { app, client in
            let call = Caller(app: app, client: client)
            let (_, lot) = try await call.vialLot()
            let refused = ["witness: " + LedgerEntryForm.witnessRefused]
            let crowd = try await call.entry("waste", lot, 10, #""witnesses":[\#(Array(repeating: call.witness(.auditor, password: "guess"), count: 25).joined(separator: ","))]"#)
            #expect(crowd.status == .unprocessableContent && Self.errors(crowd) == ["witnesses: a waste entry takes at most 1"])
            for role in [Role.admin, .auditor, .frontDesk] {
                #expect(Self.errors(try await call.entry("waste", lot, 10, #""witness":\#(call.witness(role))"#)) == refused, "\(role)")
            }
            #expect(Self.errors(try await call.entry("waste", lot, 10, #""witness":{"email":"nobody@clinic.example","password":"x"}"#)) == refused)
            for _ in 0..<10 {
                #expect(Self.errors(try await call.entry("waste", lot, 10, #""witness":\#(call.witness(.prescriber, password: "guess"))"#)) == refused)
            }
            // Locked out now: the right password is refused the same way, and signing in is locked too.
            #expect(Self.errors(try await call.entry("waste", lot, 10, #""witness":\#(call.witness(.prescriber))"#)) == refused)
            let signIn = try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: .json,
                                                  body: .json(#"{"email":"\#(TestStaff.email(.prescriber))","password":"\#(TestStaff.password)"}"#))
            #expect(signIn.status == .tooManyRequests)
            let audited = try await app.database.auditEvents(AuditFilter(page: Page(number: 1, size: 100))).items.filter { $0.resourceType == "WitnessConfirmation" }
            #expect(audited.count == 15, "no bcrypt and no event for the 25 refused before any check")
            #expect(audited.filter { $0.outcome == .failure }.count == 12 && audited.filter { $0.outcome == .success }.count == 3)
            #expect(audited.contains { $0.detail == "witness refused: account locked out" })
        }
    }

    @Test func aPhysicalInventoryIsSignedWithThePasswordStoredAndStartsTheLossReportWhenShort() async throws {
        try await TestApp.with { app, client in
            let call = Caller(app: app, client: client)
            let none = try await call.get("/physical-inventories").object
            #expect((none["items"] as? [Any])?.isEmpty == true && none["overdue"] as? Bool == true)
            #expect((none["due"] as? String)?.hasPrefix("No initial inventory is recorded") == true)
            let (_, lot) = try await call.vialLot(quantity: 2650)
            func take(_ full: Int, _ opened: Double, password: String = TestStaff.password) async throws -> TestResponse {
                try await call.post("/physical-inventories", #"{"kind":"initial","at":"close","counts":[{"lotId":"\#(lot)","fullContainers":\#(full),"openedUnits":\#(opened)}],"password":"\#(password)","witness":\#(call.witness(.prescriber))}"#)
            }
            let unsigned = try await take(2, 650, password: "not mine")
            #expect(unsigned.status == .unprocessableContent && Self.errors(unsigned) == ["password: is not your password"])
            let uncounted = try await call.post("/physical-inventories", #"{"kind":"initial","at":"close","counts":[{"lotId":"\#(lot)","fullContainers":2,"openedUnits":650}],"password":"\#(TestStaff.password)"}"#)
            #expect(Self.errors(uncounted) == ["witness: is required: a second clinician counts with you and confirms with their email and password"])
            let missing = try await call.post("/physical-inventories", #"{"kind":"initial","at":"close","counts":[],"password":"\#(TestStaff.password)","witness":\#(call.witness(.prescriber))}"#)
            #expect(Self.errors(missing) == ["counts: must count every lot on hand; not counted: lot K2291 of Ketamine HCl"])
            // Two unopened vials and an opened one estimated at 600 mg, against a book of 2650 mg.
            let taken = try await take(2, 600)
            #expect(taken.status == .created, "\(taken.body.text)")
            let count = try #require((taken.object["counts"] as? [[String: Any]])?.first)
            #expect(count["counted"] as? Double == 2600 && count["book"] as? Double == 2650 && count["openedIsEstimate"] as? Bool == true)
            #expect((taken.object["takenBy"] as? [String: Any])?["name"] as? String == "Test Nurse")
            #expect((taken.object["countedWith"] as? [String: Any])?["name"] as? String == "Test Prescriber")
            #expect(taken.object["nextDueBy"] as? String == "\(Ready.today.year + 2)" + Ready.today.description.dropFirst(4))
            let list = try await call.get("/physical-inventories", as: .auditor).object
            #expect((list["items"] as? [Any])?.count == 1 && list["overdue"] as? Bool == false && list["nextDueBy"] as? String == taken.object["nextDueBy"] as? String)
            // The count entry opened a discrepancy of 50 mg missing: judged a significant loss, it records the loss with its deadlines.
            let open = try #require((try await call.get("/discrepancies").object["items"] as? [[String: Any]])?.first)
            #expect(open["countEntryId"] as? String == count["countEntryId"] as? String && open["difference"] as? Double == -50)
            let resolved = try await call.post("/discrepancies/\(open["id"] as! String)/resolve",
                                               #"{"note":"Opened vial short after a search of Safe A","significantLoss":true}"#, as: .admin)
            let resolution = try #require(resolved.object["resolution"] as? [String: Any])
            #expect(resolution["significantLoss"] as? Bool == true && resolution["lossEntryId"] is String)
            #expect((resolution["deadlines"] as? [String: Any])?["form106By"] as? String == Ready.today.adding(days: 45).description)
            let losses = try await call.get("/entries?type=loss-or-theft").object["items"] as? [[String: Any]]
            #expect(losses?.count == 1 && losses?.first?["quantity"] as? Double == 50 && losses?.first?["id"] as? String == resolution["lossEntryId"] as? String)
            let balances = try await call.get("/balances").object["items"] as? [[String: Any]]
            #expect(((balances?.first?["balance"] as? [String: Any])?["units"] as? Double) == 2600)
            let audited = try await app.database.auditEvents(AuditFilter(page: Page(number: 1, size: 100))).items
            #expect(audited.contains { $0.resourceType == "PhysicalInventory" && $0.detail?.contains("initial inventory at the close of business") == true })
            #expect(audited.contains { $0.resourceType == "WitnessConfirmation" && $0.detail == "signature refused: wrong password" })
        }
    }

    @Test func everyEntryTypeAndEveryRefusal() async throws {
        try await TestApp.with { app, client in
            let call = Caller(app: app, client: client)
            let (product, lot) = try await call.vialLot()
            let (_, expired) = try await call.vialLot(number: "K1999", expires: Ready.today.adding(days: -1), quantity: 1000, product: product)

            // Receipt; quantity above zero.
            #expect(try await call.entry("receipt", lot, 1000).status == .created)
            #expect(try await call.entry("receipt", lot, 0).status == .unprocessableContent)

            // Administration: names its patient, matches its session's dose or carries a note, never from an expired lot.
            let patient = try await Ready.make(app, client, route: "iv-ketamine")
            let prescriber = HTTPFields.bearer(try await app.token(.prescriber)).merging(.json)
            let course = try #require(try await Ready.course(client, prescriber, patient: patient,
                                                             #"{"protocol":"iv-ketamine","startDate":"\#(Ready.today)","doseMgPerKg":0.5}"#).object["id"] as? String)
            let session = try await SessionsAPITests.giveIVDose(app, client, patient: patient, course: course)
            #expect(try await call.entry("administration", lot, 35).status == .unprocessableContent)
            let mismatch = try await call.entry("administration", lot, 40, #""patientId":"\#(patient)","sessionId":"\#(session)""#)
            #expect(mismatch.status == .unprocessableContent && Self.errors(mismatch) == ["note: is required: the session recorded 35 mg (0.35 mL), not 40 mg (0.4 mL)"])
            let stale = try await call.entry("administration", expired, 35, #""patientId":"\#(patient)","sessionId":"\#(session)""#)
            #expect(stale.status == .conflict && Self.errors(stale).first?.hasPrefix("lotId: lot K1999 expired on") == true)
            let byAdmin = try await call.entry("administration", lot, 35, #""patientId":"\#(patient)","sessionId":"\#(session)""#, as: .admin)
            #expect(byAdmin.status == .forbidden && byAdmin.body.text.contains("an administration is recorded by the clinician who gave the dose"))
            // The prescriber types the entry; "administered by" stays the nurse who gave the dose (21 CFR 1304.22(c)).
            let given = try await call.entry("administration", lot, 35, #""patientId":"\#(patient)","sessionId":"\#(session)""#, as: .prescriber)
            #expect(given.status == .created && given.object["patientName"] as? String == "Ana Rivera" && given.object["shown"] as? String == "35 mg (0.35 mL)")
            #expect((given.object["administeredBy"] as? [String: Any])?["name"] as? String == "Test Nurse" && given.object["userName"] as? String == "Test Prescriber")
            let outside = try await call.entry("administration", lot, 10, #""patientId":"\#(patient)""#)
            #expect(Self.errors(outside) == ["note: is required: a dose given outside a session names the prescriber's order and why (or a prescriber records it)"])
            let twice = try await call.entry("administration", lot, 35, #""patientId":"\#(patient)","sessionId":"\#(session)""#)
            #expect(twice.status == .conflict && Self.errors(twice).first?.contains("already drawn from the ledger (entry 4)") == true)

            // Waste: one witness, another active clinician whose password matches now.
            #expect(try await call.entry("waste", lot, 965).status == .unprocessableContent)
            let selfWitness = try await call.entry("waste", lot, 965, #""witness":\#(call.witness(.nurse))"#)
            #expect(Self.errors(selfWitness) == ["witness: must be someone other than the person recording"])
            let wrong = try await call.entry("waste", lot, 965, #""witness":\#(call.witness(.prescriber, password: "not it"))"#)
            #expect(Self.errors(wrong) == ["witness: " + LedgerEntryForm.witnessRefused])
            let clerk = try await call.entry("waste", lot, 965, #""witness":\#(call.witness(.frontDesk))"#)
            #expect(Self.errors(clerk) == ["witness: " + LedgerEntryForm.witnessRefused], "the right password of a front-desk account says the same")
            let wasted = try await call.entry("waste", lot, 965, #""witness":\#(call.witness(.prescriber)),"patientId":"\#(patient)""#)
            #expect(wasted.status == .created && (wasted.object["witnesses"] as? [[String: Any]])?.first?["name"] as? String == "Test Prescriber")

            // Destruction: two witnesses and the manner.
            let oneWitness = try await call.entry("destruction", expired, 1000, #""witness":\#(call.witness(.prescriber)),"note":"reverse distributor""#, as: .admin)
            #expect(oneWitness.status == .unprocessableContent)
            let destroyed = try await call.entry("destruction", expired, 1000,
                                                 #""witnesses":[\#(call.witness(.nurse)),\#(call.witness(.prescriber))],"note":"Returned to Rx Reverse, DEA RR1234563""#, as: .admin)
            #expect(destroyed.status == .created, "\(destroyed.body.text)")

            // Transfer needs a note; a correction replaces it in the balance.
            #expect(try await call.entry("transfer", lot, 1000).status == .unprocessableContent)
            let transfer = try await call.entry("transfer", lot, 1000, #""note":"to the Oakland clinic""#)
            let transferID = try #require(transfer.object["id"] as? String)
            let corrected = try await call.entry("transfer", lot, 500, #""note":"half the vials went; typed 1000","corrects":"\#(transferID)""#)
            #expect(corrected.status == .created && corrected.object["corrects"] as? String == transferID)
            #expect(try await call.entry("transfer", lot, 400, #""note":"again","corrects":"\#(transferID)""#).status == .unprocessableContent)

            // Adjustment: admin or prescriber, with a reason; a nurse is refused.
            let nurseAdjusts = try await call.entry("adjustment", lot, -10, #""note":"spill""#)
            #expect(nurseAdjusts.status == .forbidden && nurseAdjusts.isProblem)
            #expect(try await call.entry("adjustment", lot, -10, #""note":"vial cracked in the safe""#, as: .prescriber).status == .created)

            // Nobody takes more than the lot holds: 5000 + 1000 − 35 − 965 − 500 − 10 = 4490.
            let over = try await call.entry("transfer", lot, 5000, #""note":"all of it""#)
            #expect(over.status == .conflict && Self.errors(over) == ["quantity: lot K2291 holds 4490 mg (44.9 mL); this would leave -510 mg (-5.1 mL)"])

            // Count: equal to the book opens nothing; a short count opens a discrepancy an admin resolves once.
            let alone = try await call.entry("count", lot, 4490)
            #expect(Self.errors(alone) == ["witness: is required: a second clinician counts with you and confirms with their password"])
            #expect(try await call.entry("count", lot, 4490, #""witness":\#(call.witness(.prescriber))"#).status == .created)
            #expect((try await call.get("/discrepancies").object["items"] as? [Any])?.isEmpty == true)
            let short = try await call.entry("count", lot, 4440, #""witness":\#(call.witness(.prescriber))"#)
            #expect(short.status == .created)
            let open = try #require((try await call.get("/discrepancies").object["items"] as? [[String: Any]])?.first)
            #expect(short.object["discrepancyId"] as? String == open["id"] as? String)
            #expect(open["difference"] as? Double == -50)
            let id = open["id"] as! String
            #expect(try await call.post("/discrepancies/\(id)/resolve", #"{"note":"found"}"#).status == .forbidden)
            #expect(try await call.post("/discrepancies/\(id)/resolve", #"{}"#, as: .admin).status == .unprocessableContent)
            let unanswered = try await call.post("/discrepancies/\(id)/resolve", #"{"note":"50 mg waste at 16:10 was not entered"}"#, as: .admin)
            #expect(unanswered.status == .unprocessableContent && Self.errors(unanswered).first?.hasPrefix("significantLoss: is required") == true)
            let notALoss = try await call.post("/discrepancies/\(id)/resolve", #"{"note":"50 mg waste at 16:10 was not entered","significantLoss":false}"#, as: .admin)
            #expect(notALoss.status == .ok && (notALoss.object["resolution"] as? [String: Any])?["significantLoss"] as? Bool == false)
            #expect(try await call.post("/discrepancies/\(id)/resolve", #"{"note":"again"}"#, as: .admin).status == .conflict)

            // Loss or theft: the discovery time and both deadlines.
            let loss = try await call.entry("loss-or-theft", lot, 40, #""note":"vial missing from Safe A at the evening count""#)
            let deadlines = try #require(loss.object["deadlines"] as? [String: Any])
            #expect(deadlines["form106By"] as? String == Ready.today.adding(days: 45).description && (deadlines["reasons"] as? [String])?.count == 2)

            // Front desk and auditors cannot write entries; auditors can read them.
            #expect(try await call.entry("receipt", lot, 10, as: .frontDesk).status == .forbidden)
            #expect(try await call.entry("receipt", lot, 10, as: .auditor).status == .forbidden)
            let byPatient = try await call.get("/entries?patientId=\(patient)", as: .auditor)
            #expect(byPatient.object["total"] as? Int == 2)
            let adminLog = try await call.get("/entries?type=administration,waste&productId=\(product)&from=\(Ready.today)&through=\(Ready.today)")
            #expect(adminLog.object["total"] as? Int == 2)
            #expect(try await call.get("/entries?type=gift").status == .unprocessableContent)
            let verdict = try await call.get("/ledger/verify", as: .auditor).object
            #expect(verdict["intact"] as? Bool == true && verdict["entries"] as? Int == 12)
        }
    }
}
