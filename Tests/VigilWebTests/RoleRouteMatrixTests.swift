import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport
import VigilWeb

/// Who may call every route. A route added to the router without a line here fails the first test.
@Suite("Role × route matrix")
struct RoleRouteMatrixTests {
    /// nil: open to anyone; otherwise the roles allowed.
    static let expected: [String: Set<Role>?] = [
        "GET /healthz": nil,
        "GET /readyz": nil,
        "GET /api/v1/openapi.json": nil,
        "GET /static/vigil.css": nil,
        "POST /api/v1/auth/token": nil,
        "DELETE /api/v1/auth/token": Set(Role.allCases),
        "GET /api/v1/auth/me": Set(Role.allCases),
        "GET /api/v1/users": [.admin],
        "POST /api/v1/users": [.admin],
        "GET /api/v1/users/{id}": [.admin],
        "PATCH /api/v1/users/{id}": [.admin],
        "GET /api/v1/audit": [.admin, .auditor],
        "GET /api/v1/audit/verify": [.admin, .auditor],
        "GET /api/v1/inventory/products": ledgerReaders,
        "POST /api/v1/inventory/products": ledgerKeepers,
        "GET /api/v1/inventory/lots": ledgerReaders,
        "POST /api/v1/inventory/lots": ledgerKeepers,
        "GET /api/v1/inventory/entries": ledgerReaders,
        "POST /api/v1/inventory/entries": ledgerKeepers,
        "GET /api/v1/inventory/balances": ledgerReaders,
        "GET /api/v1/inventory/ledger/verify": ledgerReaders,
        "GET /api/v1/inventory/discrepancies": ledgerReaders,
        "POST /api/v1/inventory/discrepancies/{id}/resolve": [.admin],
        "GET /api/v1/inventory/physical-inventories": ledgerReaders,
        "POST /api/v1/inventory/physical-inventories": ledgerKeepers,
        "GET /sign-in": nil,
        "POST /sign-in": nil,
        "POST /sign-out": Set(Role.allCases),
        "GET /": Set(Role.allCases),
        "GET /users": [.admin],
        "POST /users": [.admin],
        "POST /users/{id}": [.admin],
        "GET /audit": [.admin, .auditor],
        "GET /inventory": ledgerReaders,
        "GET /inventory/receive": ledgerKeepers,
        "POST /inventory/receive": ledgerKeepers,
        "POST /inventory/products": ledgerKeepers,
        "GET /inventory/entry": ledgerKeepers,
        "POST /inventory/entry": ledgerKeepers,
        "GET /inventory/count": ledgerKeepers,
        "POST /inventory/count": ledgerKeepers,
        "GET /inventory/physical": ledgerKeepers,
        "POST /inventory/physical": ledgerKeepers,
        "GET /inventory/discrepancies": ledgerReaders,
        "POST /inventory/discrepancies/{id}": [.admin],
        "GET /inventory/ledger": ledgerReaders,
        "GET /inventory/reports/{report}": ledgerReaders,
        "GET /api/v1/patients": demographics,
        "POST /api/v1/patients": demographics,
        "GET /api/v1/patients/{id}": demographics,
        "PATCH /api/v1/patients/{id}": demographics,
        "GET /api/v1/consultation-requests": [.frontDesk, .prescriber],
        "POST /api/v1/consultation-requests/{id}": [.frontDesk, .prescriber],
        "POST /api/v1/patients/{id}/medication-trials": clinical,
        "POST /api/v1/patients/{id}/other-treatments": clinical,
        "PUT /api/v1/patients/{id}/current-episode": clinical,
        "GET /api/v1/patients/{id}/treatment-resistance": clinical,
        "PUT /api/v1/patients/{id}/screening": clinical,
        "GET /api/v1/patients/{id}/screening": clinical,
        "GET /api/v1/patients/{id}/eligibility": clinical,
        "POST /api/v1/patients/{id}/eligibility/sign": [.prescriber],
        "GET /api/v1/consent-templates": Set(Role.allCases),
        "POST /api/v1/consent-templates": [.admin],
        "GET /api/v1/patients/{id}/consents": clinical,
        "POST /api/v1/patients/{id}/consents": clinical,
        "POST /api/v1/patients/{id}/consents/{consentId}/withdraw": clinical,
        "GET /api/v1/sites": Set(Role.allCases),
        "POST /api/v1/sites": [.admin],
        "PATCH /api/v1/sites/{id}": [.admin],
        "POST /api/v1/auth/site": Set(Role.allCases),
        "POST /api/v1/inventory/transfers": ledgerKeepers,
        "GET /sites": [.admin],
        "POST /sites": [.admin],
        "POST /sites/{id}": [.admin],
        "POST /site": Set(Role.allCases),
        "GET /network": [.admin],
        "GET /inventory/transfer": ledgerKeepers,
        "POST /inventory/transfer": ledgerKeepers,
        "GET /api/v1/settings": Set(Role.allCases),
        "PATCH /api/v1/settings": [.admin],
        "GET /api/v1/antidepressants": Set(Role.allCases),
        "PUT /api/v1/antidepressants/{name}": [.admin],
        "DELETE /api/v1/antidepressants/{name}": [.admin],
        "GET /consult": nil,
        "POST /consult": nil,
        "GET /consult/thanks": nil,
        "GET /consultation-requests": [.frontDesk, .prescriber],
        "POST /consultation-requests/{id}": [.frontDesk, .prescriber],
        "GET /patients": demographics,
        "GET /patients/new": demographics,
        "POST /patients": demographics,
        "GET /patients/{id}": demographics,
        "GET /patients/{id}/edit": demographics,
        "POST /patients/{id}/edit": demographics,
        "POST /patients/{id}/medication-trials": clinical,
        "POST /patients/{id}/other-treatments": clinical,
        "POST /patients/{id}/current-episode": clinical,
        "GET /patients/{id}/screening": clinical,
        "POST /patients/{id}/screening": clinical,
        "POST /patients/{id}/eligibility/sign": [.prescriber],
        "GET /patients/{id}/consent": clinical,
        "POST /patients/{id}/consent": clinical,
        "POST /patients/{id}/consents/{consentId}/withdraw": clinical,
        "GET /settings": [.admin],
        "POST /settings": [.admin],
        "POST /settings/antidepressants": [.admin],
        "POST /settings/consent-templates": [.admin],
        "GET /api/v1/instruments": Set(Role.allCases),
        "POST /api/v1/patients/{id}/assessments": clinical,
        "GET /api/v1/patients/{id}/assessments": clinical,
        "GET /api/v1/patients/{id}/outcomes": clinical,
        "GET /api/v1/alerts": clinical,
        "POST /api/v1/alerts/{id}/acknowledge": clinical,
        "POST /api/v1/patients/{id}/measure-requests": clinical,
        "GET /api/v1/patients/{id}/measure-requests": clinical,
        "POST /api/v1/patients/{id}/measurement-plans": clinical,
        "GET /api/v1/patients/{id}/measurement-plans": clinical,
        "POST /api/v1/measurement-plans/{id}/stop": clinical,
        "GET /api/v1/measures": clinical,
        "GET /patients/{id}/assessments/new": clinical,
        "POST /patients/{id}/assessments": clinical,
        "POST /patients/{id}/measure-requests": clinical,
        "POST /patients/{id}/measurement-plans": clinical,
        "POST /patients/{id}/measurement-plans/{planId}/stop": clinical,
        "GET /patients/{id}/progress": clinical,
        "GET /alerts": clinical,
        "POST /alerts/{id}/acknowledge": clinical,
        "GET /measures": clinical,
        "GET /m/{token}": nil,
        "POST /m/{token}": nil,
        "GET /api/v1/protocols": Set(Role.allCases),
        "GET /api/v1/protocols/{id}": Set(Role.allCases),
        "POST /api/v1/protocols": [.admin],
        "PATCH /api/v1/protocols/{id}": [.admin],
        "POST /api/v1/protocols/{id}/signature": [.prescriber],
        "POST /api/v1/patients/{id}/courses": [.prescriber],
        "GET /api/v1/patients/{id}/courses": clinical,
        "GET /api/v1/courses/{id}": clinical,
        "POST /api/v1/courses/{id}/status": [.prescriber],
        "POST /api/v1/courses/{id}/dose-orders": [.prescriber],
        "GET /api/v1/courses/{id}/preparation": clinical,
        "GET /api/v1/courses/{id}/plasma": clinical,
        "GET /api/v1/courses/{id}/advice": clinical,
        "POST /api/v1/courses/{id}/advice/decisions": [.prescriber],
        "GET /api/v1/courses/{id}/slots": demographics,
        "POST /api/v1/courses/{id}/bookings": demographics,
        "POST /api/v1/appointments": demographics,
        "GET /api/v1/appointments": demographics,
        "PATCH /api/v1/appointments/{id}": demographics,
        "POST /api/v1/appointments/{id}/cancel": demographics,
        "POST /api/v1/appointments/{id}/attendance": demographics,
        "POST /api/v1/sessions": clinical,
        "GET /api/v1/sessions": clinical,
        "GET /api/v1/sessions/{id}": clinical,
        "POST /api/v1/sessions/{id}/transitions": clinical,
        "PUT /api/v1/sessions/{id}/checklist": clinical,
        "GET /api/v1/sessions/{id}/readiness": clinical,
        "POST /api/v1/sessions/{id}/acknowledgement": [.prescriber],
        "POST /api/v1/sessions/{id}/administrations": clinical,
        "POST /api/v1/sessions/{id}/vitals": clinical,
        "POST /api/v1/sessions/{id}/side-effects": clinical,
        "POST /api/v1/sessions/{id}/side-effects/{effectId}/resolution": clinical,
        "POST /api/v1/sessions/{id}/sign-off": clinical,
        "GET /api/v1/sessions/{id}/discharge-readiness": clinical,
        "GET /api/v1/sessions/{id}/rems-form": clinical,
        "POST /api/v1/sessions/{id}/rems-form/submission": clinical,
        "GET /api/v1/rems-forms": clinical,
        "GET /api/v1/patients/{id}/safety-reviews": clinical,
        "POST /api/v1/patients/{id}/safety-reviews": clinical,
        "POST /patients/{id}/courses": [.prescriber],
        "GET /courses/{id}": clinical,
        "POST /courses/{id}/status": [.prescriber],
        "POST /courses/{id}/dose-orders": [.prescriber],
        "POST /courses/{id}/advice": [.prescriber],
        "GET /courses/{id}/book": demographics,
        "POST /courses/{id}/book": demographics,
        "GET /schedule": demographics,
        "GET /schedule/week": demographics,
        "GET /appointments/{id}": demographics,
        "POST /appointments/{id}": demographics,
        "POST /appointments/{id}/cancel": demographics,
        "POST /appointments/{id}/attendance": demographics,
        "POST /appointments/{id}/staff": demographics,
        "GET /patients/{id}/visits": demographics,
        "POST /patients/{id}/visits": demographics,
        "POST /appointments/{id}/session": clinical,
        "GET /sessions/{id}": clinical,
        "POST /sessions/{id}": clinical,
        "GET /sessions/{id}/rems": clinical,
        "GET /patients/{id}/safety-reviews": clinical,
        "POST /patients/{id}/safety-reviews": clinical,
        "GET /rems": clinical,
        "GET /protocols": Set(Role.allCases),
        "POST /protocols": [.admin],
        "POST /protocols/{id}": [.admin],
        "POST /protocols/{id}/signature": [.prescriber],
    ]
    /// Front desk, nurses and prescribers handle demographics and the schedule; only nurses and prescribers see clinical content.
    static let demographics: Set<Role> = [.frontDesk, .nurse, .prescriber]
    static let clinical: Set<Role> = [.nurse, .prescriber]
    /// Clinical staff and admins keep the controlled-substance ledger; auditors read it too.
    static let ledgerKeepers: Set<Role> = [.nurse, .prescriber, .admin]
    static let ledgerReaders: Set<Role> = [.nurse, .prescriber, .admin, .auditor]

    @Test func everyRegisteredRouteHasAnEntry() async throws {
        try await TestApp.with { app, _ in
            let registered = Set(app.routes)
            #expect(registered == Set(Self.expected.keys), "routes without a matrix entry: \(registered.subtracting(Self.expected.keys)); entries without a route: \(Set(Self.expected.keys).subtracting(registered))")
            #expect(Set(app.endpoints.map(\.description)) == registered)
        }
    }

    @Test func everyRoleIsAllowedOrDeniedExactlyAsDeclared() async throws {
        try await TestApp.with { app, client in
            for endpoint in app.endpoints {
                let allowed = Self.expected[endpoint.description] ?? nil
                for role in Role.allCases {
                    let response = try await Self.call(endpoint, as: role, app: app, client: client)
                    let label = "\(endpoint) as \(role.rawValue) → \(response.status.code)"
                    #expect(response.status != .internalServerError, "\(label)")
                    guard let allowed else {
                        #expect(response.status != .forbidden, "\(label)")
                        continue
                    }
                    if allowed.contains(role) {
                        let redirectedToSignIn = response.headers[.location]?.hasPrefix("/sign-in?next=") == true
                        #expect(response.status != .forbidden && response.status != .unauthorized && !redirectedToSignIn,
                                "\(label): should be allowed")
                    } else {
                        #expect(response.status == .forbidden, "\(label): should be denied")
                    }
                }
            }
        }
    }

    @Test func deniedRequestsAreAudited() async throws {
        try await TestApp.with { app, client in
            let response = try await client.execute(uri: "/api/v1/users", method: .get, headers: .bearer(try await app.token(.nurse)))
            #expect(response.status == .forbidden && response.isProblem)
            #expect(response.object["detail"] as? String == "Your role (nurse) may not manage users and roles.")
            let denied = try await app.database.auditEvents(AuditFilter(outcome: .denied)).items
            #expect(denied.count == 1)
            #expect(denied.first?.userID == app.users[.nurse]!.id && denied.first?.resourceID == "GET /api/v1/users")
        }
    }

    @Test func protectedRoutesNeedASignIn() async throws {
        try await TestApp.with { app, client in
            for endpoint in app.endpoints where (Self.expected[endpoint.description] ?? nil) != nil {
                let uri = endpoint.link(Array(repeating: app.users[.nurse]!.id.lowercased, count: endpoint.parameters.count))
                let response = try await client.execute(uri: uri, method: endpoint.method, headers: .json, body: .json("{}"))
                if endpoint.kind == .page && endpoint.method == .get {
                    #expect(response.status == .seeOther && response.headers[.location]?.hasPrefix("/sign-in?next=") == true, "\(endpoint)")
                } else if endpoint.kind == .page {
                    #expect(response.status == .seeOther || response.status == .forbidden, "\(endpoint)")
                } else {
                    #expect(response.status == .unauthorized && response.isProblem, "\(endpoint)")
                }
            }
        }
    }

    /// Calls an endpoint as the role with harmless input: ids of an existing user, empty bodies.
    static func call(_ endpoint: Endpoint, as role: Role, app: TestApp, client: some TestClientProtocol) async throws -> TestResponse {
        let uri = endpoint.link(Array(repeating: app.users[.nurse]!.id.lowercased, count: endpoint.parameters.count))
        switch endpoint.kind {
        case .api, .system:
            var headers = HTTPFields.bearer(try await app.token(role))
            headers[.contentType] = "application/json"
            return try await client.execute(uri: uri, method: endpoint.method, headers: headers,
                                            body: endpoint.method == .get ? nil : .json("{}"))
        case .page:
            let (cookie, csrf) = try await app.browser(role)
            var headers = HTTPFields.form
            headers[.cookie] = cookie
            return try await client.execute(uri: uri, method: endpoint.method, headers: headers,
                                            body: endpoint.method == .post ? formBody([("csrf", csrf)]) : nil)
        }
    }
}
