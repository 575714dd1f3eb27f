import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import VigilCore
import VigilStorage
import VigilWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server (migrates the database first).")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on (env VIGIL_HOSTNAME, default 127.0.0.1).")
    var hostname: String?

    @Option(help: "Port to listen on (env VIGIL_PORT, default 8080).")
    var port: Int?

    @Flag(help: "Fill an empty database with the synthetic demo clinic first, printing its passwords.")
    var demo = false

    @Flag(help: "Send cookies without Secure/__Host- (env VIGIL_INSECURE_COOKIES=1): only for plain HTTP from another machine in a test lab.")
    var insecureCookies = false

    @Option(help: "Minutes of inactivity that end a browser session (env VIGIL_SESSION_IDLE_MINUTES, default 15).")
    var sessionIdleMinutes: Int?

    @Option(help: "Hours an API token lasts (env VIGIL_TOKEN_HOURS, default 12).")
    var tokenHours: Int?

    @Option(help: "Address patients reach Vigil at, for emailed links (env VIGIL_PUBLIC_URL, default the listening address).")
    var publicURL: String?

    @OptionGroup var timeZone: TimeZoneOption
    @OptionGroup var checkpoints: CheckpointOptions

    @Option(help: "The TLS proxy in front of Vigil: addresses or CIDR ranges, comma-separated, whose X-Forwarded-For or Forwarded header gives the client's address (env VIGIL_TRUSTED_PROXIES, default none).")
    var trustedProxy: String?

    func settings() throws -> ServerSettings {
        var settings = ServerSettings()
        settings.database = database.location
        settings.hostname = hostname ?? Environment.value("VIGIL_HOSTNAME") ?? settings.hostname
        if let port = try port ?? Self.integer("VIGIL_PORT") { settings.port = port }
        settings.secureCookies = !(insecureCookies || Environment.value("VIGIL_INSECURE_COOKIES") == "1")
        if let minutes = try sessionIdleMinutes ?? Self.integer("VIGIL_SESSION_IDLE_MINUTES") {
            guard (1...30).contains(minutes) else {
                throw ValidationError("session idle minutes must be 1 to 30 (ASVS level 2 allows at most 30)")
            }
            settings.sessions.browserIdleLimit = TimeInterval(minutes * 60)
        }
        if let hours = try tokenHours ?? Self.integer("VIGIL_TOKEN_HOURS") {
            guard (1...24).contains(hours) else { throw ValidationError("token hours must be 1 to 24") }
            settings.sessions.tokenLifetime = TimeInterval(hours * 3600)
        }
        settings.publicURL = publicURL ?? Environment.value("VIGIL_PUBLIC_URL")
        settings.timeZone = try timeZone.zone()
        if let text = trustedProxy ?? Environment.value("VIGIL_TRUSTED_PROXIES") {
            switch TrustedProxies.parse(text) {
            case .success(let proxies): settings.trustedProxies = proxies
            case .failure(let error): throw ValidationError("trusted proxy \(error.entry) is not an address or a CIDR range such as 10.0.0.0/8")
            }
        }
        settings.anchor = try checkpoints.anchor(for: database.location, create: true)
        if let seconds = try Self.integer("VIGIL_CHECKPOINT_SECONDS") {
            guard (1...86_400).contains(seconds) else { throw ValidationError("VIGIL_CHECKPOINT_SECONDS must be 1 to 86400") }
            settings.checkpointInterval = .seconds(seconds)
        }
        if let seconds = try Self.integer("VIGIL_REQUEST_READ_SECONDS") {
            guard (1...300).contains(seconds) else { throw ValidationError("VIGIL_REQUEST_READ_SECONDS must be 1 to 300") }
            settings.requestReadSeconds = seconds
        }
        settings.smtp = try Self.smtp()
        if let seconds = try Self.integer("VIGIL_MEASURE_CHECK_SECONDS") {
            guard (1...3600).contains(seconds) else { throw ValidationError("VIGIL_MEASURE_CHECK_SECONDS must be 1 to 3600") }
            settings.measurePlanInterval = .seconds(seconds)
        }
        return settings
    }

    /// The mail server from VIGIL_SMTP_* (none without VIGIL_SMTP_HOST).
    private static func smtp() throws -> SMTPSettings? {
        guard let host = Environment.value("VIGIL_SMTP_HOST") else { return nil }
        let securityText = Environment.value("VIGIL_SMTP_SECURITY") ?? "starttls"
        guard let security = SMTPSettings.Security(rawValue: securityText) else {
            throw ValidationError("VIGIL_SMTP_SECURITY must be starttls, tls or none, not \(securityText)")
        }
        guard let from = Environment.value("VIGIL_SMTP_FROM") else { throw ValidationError("VIGIL_SMTP_FROM is required with VIGIL_SMTP_HOST") }
        let port = try integer("VIGIL_SMTP_PORT") ?? (security == .tls ? 465 : 587)
        return SMTPSettings(host: host, port: port, security: security, username: Environment.value("VIGIL_SMTP_USERNAME"),
                            password: Environment.value("VIGIL_SMTP_PASSWORD"), from: from)
    }

    private static func integer(_ name: String) throws -> Int? {
        guard let text = Environment.value(name) else { return nil }
        guard let value = Int(text) else { throw ValidationError("\(name) must be a whole number, not \(text)") }
        return value
    }

    func run() async throws {
        let settings = try settings()
        let logger = Logger.vigil("vigil")
        try await withDatabase(database, logger: logger) { database in
            if demo { try await DemoClinic.fill(database, now: database.clock(), zone: settings.timeZone, anchor: settings.anchor) }
            if try await database.userCount() == 0 {
                say("""
                    No users yet. Create the first administrator with:
                      vigil users create --email you@clinic.example --name "Your Name" --role admin\(self.database.database.map { " --database \($0)" } ?? "")
                    or fill a demo clinic with: vigil demo
                    """)
            }
            let server = try await VigilServer(database: database, settings: settings, hasher: PasswordHasher())
            logger.info("Vigil listening", metadata: [
                "address": "http://\(settings.hostname):\(settings.port)", "database": "\(settings.database)",
            ])
            let services = ServiceGroup(configuration: .init(
                services: [server.application(logger: logger)] + server.services,
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await services.run()
        }
    }
}
