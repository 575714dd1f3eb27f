import Foundation

/// The clinic's outgoing mail server. Without one, links are shown to staff to pass on.
public struct SMTPSettings: Sendable, Equatable {
    /// How the connection is protected: STARTTLS on a plain connection (port 587), TLS from the
    /// first byte (port 465), or nothing (a relay on the same machine or a test server only).
    public enum Security: String, Sendable, CaseIterable {
        case starttls, tls, none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The sender, e.g. `Vigil at Harbor Clinic <measures@harbor.example>`.
    public var from: String

    public init(host: String, port: Int, security: Security, username: String? = nil, password: String? = nil, from: String) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
    }

    /// The bare address inside `from`.
    var fromAddress: String {
        guard let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close else { return from }
        return String(from[from.index(after: open)..<close])
    }
}
