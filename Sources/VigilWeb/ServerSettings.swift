import Foundation
import VigilCore
import VigilStorage

/// Everything the server can be told at start-up. The command line fills it from flags, then
/// `VIGIL_*` environment variables, then these defaults.
public struct ServerSettings: Sendable {
    public var hostname = "127.0.0.1"
    public var port = 8080
    public var database = DatabaseLocation.sqlite(path: DatabaseLocation.defaultSQLitePath)
    /// Mark cookies `Secure` with the `__Host-` prefix. Turn off only for plain-HTTP access from
    /// another machine in a test lab; production runs behind TLS.
    public var secureCookies = true
    public var sessions = SessionPolicy()
    /// The clinic's time zone: "today" for dates of birth, trial dates and ages is its calendar day.
    public var timeZone = TimeZone.current
    /// The address patients reach Vigil at, for the links in emails (e.g. https://vigil.clinic.example).
    /// Default: the listening address.
    public var publicURL: String?
    /// The clinic's outgoing mail server; without one, measure links are shown to staff to pass on.
    public var smtp: SMTPSettings?
    /// How often the server issues measure links for plans that fall due.
    public var measurePlanInterval: Duration = .seconds(300)
    /// The reverse proxies in front of Vigil whose `X-Forwarded-For`/`Forwarded` is believed; none by default.
    public var trustedProxies = TrustedProxies()
    /// Seconds a client has to send a whole request, headers and body: a slow or lying client is cut off.
    /// Signs checkpoints of the audit and ledger chains (`--checkpoint-key`, `--checkpoint-log`) and
    /// judges verification against them; none in tests that do not ask.
    public var anchor: ChainAnchor?
    /// How often the server signs a checkpoint.
    public var checkpointInterval: Duration = .seconds(300)
    public var requestReadSeconds = 20
    /// Seconds a kept-alive connection may sit idle between requests before it is closed.
    public var idleSeconds = 60

    public init() {}
}
