import Foundation

/// Limits on the public consultation form, which anyone on the internet can post (OWASP ASVS
/// V11.1.4, anti-automation). Counted from stored requests, so every server process shares them.
/// Security settings, not clinical numbers: a person rarely sends more than one request a day.
public struct ConsultationThrottle: Sendable {
    /// Requests accepted from one network address per `window`.
    public var perAddress = 3
    /// Requests accepted from everyone together per `window`: a script flood from many addresses
    /// stops here instead of burying the front desk's queue.
    public var overall = 100
    public var window: TimeInterval = 60 * 60

    public init() {}
}
