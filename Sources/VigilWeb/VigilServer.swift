import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import VigilCore
import VigilStorage

/// Vigil's web application: every endpoint, wired to storage, behind the middleware stack.
public struct VigilServer {
    public let router: Router<VigilContext>
    /// Every endpoint registered on the router, in registration order.
    public let endpoints: [Endpoint]
    public let settings: ServerSettings
    /// Background work that runs beside the web server (issuing measure links as plans fall due).
    public let services: [any Service]

    public init(database: Database, settings: ServerSettings, hasher: PasswordHasher) async throws {
        let pages = try await PageRenderer.load()
        let cookies = SignInCookies(secure: settings.secureCookies)
        let router = Router(context: VigilContext.self, options: .autoGenerateHeadEndpoints)
        // Outermost first: the log and the headers see every response, problem documents included.
        router.add(middleware: ClientAddressMiddleware(proxies: settings.trustedProxies))
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ProblemMiddleware(pages: pages))
        router.add(middleware: AuthenticationMiddleware(database: database, policy: settings.sessions, cookies: cookies))

        let authenticator = Authenticator(database: database, hasher: hasher, policy: settings.sessions)
        let usersAPI = UsersAPI(database: database, hasher: hasher)
        var endpoints = EndpointRouter(router: router, database: database, cookies: cookies)
        AuthAPI(database: database, authenticator: authenticator).register(on: &endpoints)
        usersAPI.register(on: &endpoints)
        let sitesAPI = SitesAPI(database: database)
        sitesAPI.register(on: &endpoints)
        AuditAPI(database: database, anchor: settings.anchor).register(on: &endpoints)
        let calendar = ClinicCalendar(database: database, timeZone: settings.timeZone)
        let patientsAPI = PatientsAPI(database: database, calendar: calendar)
        let historyAPI = TreatmentHistoryAPI(database: database, calendar: calendar)
        let eligibilityAPI = EligibilityAPI(database: database, calendar: calendar)
        let consentsAPI = ConsentsAPI(database: database, calendar: calendar)
        let settingsAPI = SettingsAPI(database: database)
        let links = MeasureLinks(publicURL: settings.publicURL ?? "http://\(settings.hostname):\(settings.port)", smtp: settings.smtp)
        let measuresAPI = MeasuresAPI(database: database, calendar: calendar)
        let alertsAPI = AlertsAPI(database: database)
        let requestsAPI = MeasureRequestsAPI(database: database, calendar: calendar, links: links)
        patientsAPI.register(on: &endpoints)
        ConsultationRequestsAPI(database: database).register(on: &endpoints)
        historyAPI.register(on: &endpoints)
        eligibilityAPI.register(on: &endpoints)
        consentsAPI.register(on: &endpoints)
        settingsAPI.register(on: &endpoints)
        measuresAPI.register(on: &endpoints)
        alertsAPI.register(on: &endpoints)
        requestsAPI.register(on: &endpoints)
        let coursesAPI = CoursesAPI(database: database, calendar: calendar)
        let appointmentsAPI = AppointmentsAPI(database: database, calendar: calendar)
        let protocolsAPI = ProtocolsAPI(database: database)
        coursesAPI.register(on: &endpoints)
        appointmentsAPI.register(on: &endpoints)
        protocolsAPI.register(on: &endpoints)
        let sessionsAPI = SessionsAPI(database: database, calendar: calendar)
        sessionsAPI.register(on: &endpoints)
        SafetyReviewsAPI(database: database).register(on: &endpoints)
        let ledgerAPI = LedgerAPI(database: database, anchor: settings.anchor, authenticator: authenticator, calendar: calendar)
        ledgerAPI.register(on: &endpoints)
        SignInPages(database: database, authenticator: authenticator, pages: pages, cookies: cookies).register(on: &endpoints)
        HomePage(pages: pages).register(on: &endpoints)
        UserPages(database: database, users: usersAPI, pages: pages).register(on: &endpoints)
        AuditPage(database: database, anchor: settings.anchor, pages: pages).register(on: &endpoints)
        ConsultPages(database: database, pages: pages, cookies: cookies).register(on: &endpoints)
        PatientPages(database: database, patients: patientsAPI, calendar: calendar, pages: pages).register(on: &endpoints)
        let chart = ChartPage(database: database, history: historyAPI, eligibility: eligibilityAPI, calendar: calendar, links: links, pages: pages)
        chart.register(on: &endpoints)
        MeasurePages(database: database, measures: measuresAPI, requests: requestsAPI, chart: chart, calendar: calendar, pages: pages)
            .register(on: &endpoints)
        AlertsAndMeasuresPages(database: database, alerts: alertsAPI, requests: requestsAPI, chart: chart, calendar: calendar, pages: pages)
            .register(on: &endpoints)
        PatientMeasurePage(database: database, pages: pages, cookies: cookies).register(on: &endpoints)
        CoursePages(database: database, courses: coursesAPI, chart: chart, calendar: calendar, pages: pages).register(on: &endpoints)
        ChairBoardPages(database: database, appointments: appointmentsAPI, courses: coursesAPI, calendar: calendar, pages: pages).register(on: &endpoints)
        VisitPages(database: database, appointments: appointmentsAPI, calendar: calendar, pages: pages).register(on: &endpoints)
        SessionPages(database: database, sessions: sessionsAPI, calendar: calendar, pages: pages).register(on: &endpoints)
        SafetyReviewPages(database: database, calendar: calendar, pages: pages).register(on: &endpoints)
        InventoryPages(database: database, ledger: ledgerAPI, calendar: calendar, pages: pages).register(on: &endpoints)
        LedgerPages(database: database, calendar: calendar, pages: pages).register(on: &endpoints)
        ProtocolsPage(database: database, protocols: protocolsAPI, pages: pages).register(on: &endpoints)
        ScreeningAndConsentPages(database: database, consents: consentsAPI, pages: pages).register(on: &endpoints)
        SettingsPage(database: database, settingsAPI: settingsAPI, consents: consentsAPI, pages: pages).register(on: &endpoints)
        SitesPage(database: database, sites: sitesAPI, calendar: calendar, pages: pages).register(on: &endpoints)

        let stylesheet = try Data(contentsOf: Bundle.module.url(forResource: "Static/vigil.css", withExtension: nil)!)
        SystemAPI(database: database, stylesheet: ByteBuffer(bytes: stylesheet)).register(on: &endpoints)
        router.add(middleware: MethodNotAllowedMiddleware(endpoints: endpoints.endpoints))

        self.router = router
        self.endpoints = endpoints.endpoints
        self.settings = settings
        // Plans issue links by email only; without a mail server, staff send due measures from the board.
        var services: [any Service] = []
        if links.canEmail {
            let check = MeasurePlanCheck(database: database, links: links, calendar: calendar, logger: Logger(label: "vigil.measures"))
            services.append(PeriodicService(what: "measure plans checked", interval: settings.measurePlanInterval, logger: check.logger) {
                try await check.issueDue()
            })
        }
        if let anchor = settings.anchor {
            services.append(PeriodicService(what: "chain checkpoint written", interval: settings.checkpointInterval, logger: Logger(label: "vigil.checkpoints")) {
                _ = try await anchor.write(database)
            })
        }
        self.services = services
    }

    /// A Hummingbird application listening on the configured address.
    public func application(logger: Logger) -> some ApplicationProtocol {
        let readLimit = TimeAmount.seconds(Int64(settings.requestReadSeconds))
        return Application(router: router,
                           server: .http1(configuration: .init(additionalChannelHandlers: [RequestReadDeadline(limit: readLimit)],
                                                               idleTimeout: .seconds(Int64(settings.idleSeconds)))),
                           configuration: .init(address: .hostname(settings.hostname, port: settings.port), serverName: "Vigil"),
                           logger: logger)
    }
}
