import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport

/// A clinic network: two sites in different time zones, each with its own board and book.
@Suite("Sites")
struct SitesAPITests {
    static let first = Site.firstID.lowercased
    static let everyDay = "mon 08:00-18:00; tue 08:00-18:00; wed 08:00-18:00; thu 08:00-18:00; fri 08:00-18:00; sat 08:00-18:00; sun 08:00-18:00"

    struct Network {
        let app: TestApp
        let client: any TestClientProtocol

        func call(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, as role: Role) async throws -> TestResponse {
            let headers = HTTPFields.bearer(try await app.token(role)).merging(body == nil ? [:] : .json)
            return try await client.execute(uri: path, method: method, headers: headers, body: body.map { .json($0) })
        }

        func call(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, token: String) async throws -> TestResponse {
            try await client.execute(uri: path, method: method, headers: HTTPFields.bearer(token).merging(body == nil ? [:] : .json),
                                     body: body.map { .json($0) })
        }

        /// The first site in Chicago, a second in Denver (without a DEA registration unless given), both open every day.
        func secondSite(dea: String? = nil) async throws -> String {
            let first = try await call(.patch, "/api/v1/sites/\(SitesAPITests.first)",
                                       #"{"timeZone":"America/Chicago","openingHours":"\#(SitesAPITests.everyDay)","deaRegistration":"FK1234563"}"#, as: .admin)
            #expect(first.status == .ok, "\(first.body.text)")
            let made = try await call(.post, "/api/v1/sites", #"""
                {"name":"Front Range","address":"45 Sample St, Boulder CO","timeZone":"America/Denver","chairs":["Chair 1","Chair 2"],
                 "openingHours":"\#(SitesAPITests.everyDay)"\#(dea.map { #","deaRegistration":"\#($0)""# } ?? "")}
                """#, as: .admin)
            #expect(made.status == .created, "\(made.body.text)")
            return try #require(made.object["id"] as? String)
        }

        /// Gives a role's user both sites (and the network view when asked).
        func worksAtBoth(_ role: Role, _ second: String, network: Bool = false) async throws {
            let changed = try await call(.patch, "/api/v1/users/\(app.users[role]!.id.lowercased)",
                                         #"{"sites":["\#(SitesAPITests.first)","\#(second)"],"networkAccess":\#(network)}"#, as: .admin)
            #expect(changed.status == .ok, "\(changed.body.text)")
        }
    }

    /// Bookings are kept as the site's date and time and shown as instants in its own zone: 09:00
    /// is 15:00Z in Chicago and 16:00Z in Denver before the change to daylight time (14 March 2027),
    /// 14:00Z and 15:00Z after it. The same chair name at two sites is two chairs.
    @Test func eachSiteBooksInItsOwnZoneAcrossADaylightSavingChange() async throws {
        try await TestApp.with { app, client in
            let network = Network(app: app, client: client)
            let second = try await network.secondSite()
            try await network.worksAtBoth(.frontDesk, second)
            let desk = try await app.token(.frontDesk)
            let headers = HTTPFields.bearer(desk).merging(.json)
            let ana = try await registerPatient(client, headers: headers, #"{"givenName":"Ana","familyName":"Rivera","birthDate":"1984-03-09","sex":"female"}"#)
            let ben = try await registerPatient(client, headers: headers, #"{"givenName":"Ben","familyName":"Okafor","birthDate":"1979-07-01","sex":"male"}"#)
            func book(_ patient: String, on date: String) async throws -> TestResponse {
                try await network.call(.post, "/api/v1/appointments", #"""
                    {"patientId":"\#(patient)","kind":"consultation","date":"\#(date)","startTime":"09:00","durationMinutes":60,"chair":"Chair 1"}
                    """#, token: desk)
            }
            var starts: [String] = []
            for date in ["2027-03-12", "2027-03-15"] {
                let booked = try await book(ana, on: date)
                #expect(booked.status == .created && booked.object["siteId"] as? String == Self.first, "\(booked.body.text)")
                starts.append(booked.object["startsAt"] as? String ?? "")
            }
            let moved = try await network.call(.post, "/api/v1/auth/site", #"{"siteId":"\#(second)"}"#, token: desk)
            #expect(moved.status == .ok && moved.object["name"] as? String == "Front Range")
            for date in ["2027-03-12", "2027-03-15"] {
                let booked = try await book(ben, on: date)
                #expect(booked.status == .created && booked.object["siteId"] as? String == second, "Chair 1 of Front Range is free: \(booked.body.text)")
                starts.append(booked.object["startsAt"] as? String ?? "")
            }
            #expect(starts.map { $0.prefix(16) } == ["2027-03-12T15:00", "2027-03-15T14:00", "2027-03-12T16:00", "2027-03-15T15:00"])
            // Each board shows its own site's bookings: the current one, or the one asked for.
            let here = try await network.call(.get, "/api/v1/appointments?date=2027-03-12", token: desk)
            #expect((here.object["items"] as? [[String: Any]])?.compactMap { $0["patientId"] as? String } == [ben])
            let there = try await network.call(.get, "/api/v1/appointments?date=2027-03-12&site=\(Self.first)", token: desk)
            #expect((there.object["items"] as? [[String: Any]])?.compactMap { $0["patientId"] as? String } == [ana])
            // Chairs are the site's own: Front Range has no Chair 3.
            let noChair = try await network.call(.post, "/api/v1/appointments", #"""
                {"patientId":"\#(ana)","kind":"review","date":"2027-03-16","startTime":"10:00","durationMinutes":30,"chair":"Chair 3"}
                """#, token: desk)
            #expect(noChair.status == .conflict && noChair.body.text.contains("not one of the chairs at Front Range"), "\(noChair.body.text)")
            let (deskCookie, _) = try await app.browser(.frontDesk)
            let chart = try await client.execute(uri: "/patients/\(ana)", method: .get, headers: [.cookie: deskCookie]).body.text
            #expect(chart.contains("Chair 1 at Vigil clinic"), "the chart says where each booking is")
            let events = try await app.database.auditEvents(AuditFilter(siteID: UUID(uuidString: second))).items
            #expect(events.contains { $0.resourceType == "Appointment" && $0.action == .create }, "the booking's event carries its site")
        }
    }

    /// A nurse of one site reads neither the other's board nor its book: 403, audited; a medical
    /// director with the network view reads both.
    @Test func aUserOfOneSiteCannotReadAnotherSitesBoardOrLedger() async throws {
        try await TestApp.with { app, client in
            let network = Network(app: app, client: client)
            let second = try await network.secondSite()
            for path in ["/api/v1/appointments?site=\(second)", "/api/v1/inventory/balances?site=\(second)", "/api/v1/rems-forms?site=\(second)"] {
                let refused = try await network.call(.get, path, as: .nurse)
                #expect(refused.status == .forbidden && refused.isProblem && refused.body.text.contains("You do not work at Front Range"), "\(path)")
            }
            let (cookie, _) = try await app.browser(.nurse)
            let board = try await client.execute(uri: "/schedule?site=\(second)", method: .get, headers: [.cookie: cookie])
            #expect(board.status == .forbidden)
            let denied = try await app.database.auditEvents(AuditFilter(userID: app.users[.nurse]!.id, outcome: .denied)).items
            #expect(denied.count == 4 && denied.allSatisfy { $0.detail?.contains("is not one of the user's sites") == true })
            let switched = try await network.call(.post, "/api/v1/auth/site", #"{"siteId":"\#(second)"}"#, as: .nurse)
            #expect(switched.status == .unprocessableContent, "a nurse cannot move to a site that is not theirs")
            let unknown = try await network.call(.get, "/api/v1/inventory/balances?site=not-a-site", as: .nurse)
            #expect(unknown.status == .unprocessableContent && fieldNames(unknown) == ["site"])
            // The medical director: the network view, while still working at the first site.
            let director = try await network.call(.patch, "/api/v1/users/\(app.users[.prescriber]!.id.lowercased)", #"{"networkAccess":true}"#, as: .admin)
            #expect(director.status == .ok && director.object["networkAccess"] as? Bool == true)
            for path in ["/api/v1/appointments?site=\(second)", "/api/v1/inventory/balances?site=\(second)"] {
                #expect(try await network.call(.get, path, as: .prescriber).status == .ok, "\(path)")
            }
            let (directorCookie, _) = try await app.browser(.prescriber)
            let view = try await client.execute(uri: "/network", method: .get, headers: [.cookie: directorCookie])
            #expect(view.status == .ok && view.body.text.contains("Front Range") && view.body.text.contains("America/Denver"))
            #expect(try await client.execute(uri: "/network", method: .get, headers: [.cookie: cookie]).status == .forbidden)
        }
    }

    /// Stock is each site's: balances per site; a transfer is an entry out at one site and a
    /// receipt at the other, each naming the other's registration, and needs both registrations.
    @Test func stockIsKeptPerSiteAndATransferIsTwoEntriesNamingBothRegistrants() async throws {
        try await TestApp.with { app, client in
            let network = Network(app: app, client: client)
            let second = try await network.secondSite()
            let ledger = LedgerAPITests.Caller(app: app, client: client)
            let (_, lot) = try await ledger.vialLot(quantity: 5000)
            func transfer(_ quantity: Double, of lot: String, as role: Role = .nurse) async throws -> TestResponse {
                try await ledger.post("/transfers", #"{"lotId":"\#(lot)","toSiteId":"\#(second)","quantity":\#(quantity),"note":"first weeks"}"#, as: role)
            }
            let unregistered = try await transfer(2000, of: lot)
            #expect(unregistered.status == .conflict && unregistered.body.text.contains("Front Range has no DEA registration number set"), "\(unregistered.body.text)")
            #expect(try await network.call(.patch, "/api/v1/sites/\(second)", #"{"deaRegistration":"FF7654329"}"#, as: .admin).status == .ok)
            #expect(try await transfer(6000, of: lot).status == .conflict, "more than the lot holds")
            let sent = try await transfer(2000, of: lot)
            #expect(sent.status == .created, "\(sent.body.text)")
            let out = try #require(sent.object["out"] as? [String: Any]), into = try #require(sent.object["in"] as? [String: Any])
            #expect(out["type"] as? String == "transfer" && (out["note"] as? String)?.contains("Front Range, 45 Sample St, Boulder CO, DEA registration FF7654329") == true)
            #expect(into["type"] as? String == "receipt" && (into["note"] as? String)?.contains("Transfer from Vigil clinic, DEA registration FK1234563") == true)
            func units(_ response: TestResponse) -> [Double] {
                (response.object["items"] as? [[String: Any]] ?? []).flatMap { ($0["lots"] as? [[String: Any]]) ?? [] }
                    .compactMap { ($0["balance"] as? [String: Any])?["units"] as? Double }
            }
            #expect(units(try await ledger.get("/balances")) == [3000], "the first site keeps what it did not send")
            try await network.worksAtBoth(.nurse, second)
            let nurse = try await app.token(.nurse)
            #expect(try await network.call(.post, "/api/v1/auth/site", #"{"siteId":"\#(second)"}"#, token: nurse).status == .ok)
            let there = try await network.call(.get, "/api/v1/inventory/balances", token: nurse)
            #expect(units(there) == [2000], "the second site's book holds the transfer")
            let lots = try await network.call(.get, "/api/v1/inventory/lots", token: nurse).object["items"] as? [[String: Any]] ?? []
            #expect(lots.count == 1 && lots[0]["supplierName"] as? String == "Vigil clinic" && lots[0]["supplierDeaNumber"] as? String == "FK1234563"
                    && lots[0]["siteId"] as? String == second && lots[0]["lotNumber"] as? String == "K2291")
            let entries = try await network.call(.get, "/api/v1/inventory/entries", token: nurse).object["items"] as? [[String: Any]] ?? []
            #expect(entries.compactMap { $0["type"] as? String } == ["receipt"], "the second site's records: the receipt only")
            // Working at the second site, the first site's lot is not this book's.
            let elsewhere = try await network.call(.post, "/api/v1/inventory/entries", #"{"type":"waste","lotId":"\#(lot)","quantity":10}"#, token: nurse)
            #expect(elsewhere.status == .unprocessableContent && elsewhere.body.text.contains("another site's stock"))
            #expect(try await app.database.verifyLedgerChain().intact, "one chain over both sites' entries")
        }
    }

    /// The administrator's sites page: each site's form saves it (closing it only when the box is
    /// unticked on the whole form), a new site needs a name and a named time zone.
    @Test func anAdministratorKeepsTheSitesOnTheSitesPage() async throws {
        try await TestApp.with { app, client in
            let (cookie, csrf) = try await app.browser(.admin)
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
            let page = try await client.execute(uri: "/sites", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok && page.body.text.contains("action=\"/sites/\(Self.first)\"") && page.body.text.contains("Chair 1\nChair 2"))
            let alone = try await client.execute(uri: "/sites/\(Self.first)", method: .post, headers: headers, body: formBody([("csrf", csrf)]))
            #expect(alone.status == .unprocessableContent && alone.body.text.contains("names nothing to change"), "a post without the form closes nothing")
            let saved = try await client.execute(uri: "/sites/\(Self.first)", method: .post, headers: headers, body: formBody([
                ("csrf", csrf), ("name", "Harbor Ketamine Clinic"), ("address", "1 Quay St"), ("timeZone", "America/Chicago"),
                ("chairs", "Bay 1\r\nBay 2"), ("openingHours", "mon 07:00-15:00"), ("closedDates", ""), ("deaRegistration", "FK1234563"),
                ("remsSettingId", "HCS-1"), ("remsCertifiedOn", "2026-01-05"), ("crisisLine", "Call 988, or 911 in an emergency."), ("active", "true")]))
            #expect(saved.status == .seeOther, "\(saved.body.text)")
            let site = try await app.database.site(id: Site.firstID)
            #expect(site.name == "Harbor Ketamine Clinic" && site.chairs == ["Bay 1", "Bay 2"] && site.timeZoneID == "America/Chicago" && site.active
                    && site.remsSettingID == "HCS-1")
            let offset = try await client.execute(uri: "/sites", method: .post, headers: headers, body: formBody([
                ("csrf", csrf), ("name", "Front Range"), ("timeZone", "GMT-7"), ("chairs", "A"), ("openingHours", "mon 08:00-18:00")]))
            #expect(offset.status == .unprocessableContent && offset.body.text.contains("timeZone must be an IANA time zone"))
            #expect(offset.body.text.contains("value=\"Front Range\""), "the form comes back as it was sent")
            let audit = try await app.database.auditEvents(AuditFilter(action: .update)).items.first { $0.resourceType == "Site" }
            #expect(audit?.detail?.contains("name: Vigil clinic → Harbor Ketamine Clinic") == true)
        }
    }

    /// A session is documented by staff working at its site, so the times they type are that
    /// site's; the REMS form names the site's certification.
    @Test func aSessionIsDocumentedAtItsOwnSiteAndItsFormNamesTheSitesCertification() async throws {
        try await TestApp.with { app, client in
            let network = Network(app: app, client: client)
            let second = try await network.secondSite()
            #expect(try await network.call(.patch, "/api/v1/sites/\(Self.first)", #"{"remsSettingId":"HCS-0042","remsCertifiedOn":"2026-01-05"}"#,
                                           as: .admin).status == .ok)
            let setup = try await SessionsAPITests.setUp(app, client, clock: TestClock(), route: "esketamine-nasal", protocolID: "esketamine-trd", dose: #""doseMg":56"#)
            try await network.worksAtBoth(.nurse, second)
            let elsewhere = try await app.token(.nurse)
            #expect(try await network.call(.post, "/api/v1/auth/site", #"{"siteId":"\#(second)"}"#, token: elsewhere).status == .ok)
            let refused = try await client.execute(uri: "/api/v1/sessions/\(setup.session)/transitions", method: .post,
                                                   headers: HTTPFields.bearer(elsewhere).merging(.json), body: .json(#"{"to":"checked-in"}"#))
            #expect(refused.status == .conflict && refused.body.text.contains("is at Vigil clinic; work at that site to document it"), "\(refused.body.text)")
            #expect(try await setup.move("checked-in", client).status == .ok, "the nurse working at the session's site documents it")
            let form = try await app.database.remsForm(id: try #require(UUID(uuidString: setup.session)), by: .commandLine).form
            #expect(form.value("settingName") == "Vigil clinic" && form.value("settingCertification") == "HCS-0042, certified 2026-01-05")
        }
    }
}
