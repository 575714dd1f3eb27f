import Foundation

/// Anti-automation for sign-in (OWASP ASVS V2.2.1): after `maximumFailures` failed attempts for one
/// account within `window`, further attempts are refused until the window has passed. Keyed by the
/// normalised email, so it also works for addresses with no account (no hint of existence). The
/// failed attempts are kept in the database, so every server process counts them all.
public struct SignInThrottle: Sendable {
    /// Failures tolerated per window. ASVS asks for a limit, not a number; 10 per 15 minutes is common
    /// practice and stays far from the 100-per-account ceiling of NIST SP 800-63B §5.2.2.
    public var maximumFailures: Int
    public var window: TimeInterval

    public init(maximumFailures: Int = 10, window: TimeInterval = 15 * 60) {
        self.maximumFailures = maximumFailures
        self.window = window
    }

    /// The earliest failed attempt that still counts at `now`.
    public func counted(at now: Date) -> Date { now.addingTimeInterval(-window) }

    /// Whether an account whose failed attempts were made at `failures` is locked at `now`, and until when.
    public func lockedUntil(after failures: [Date], at now: Date) -> Date? {
        let recent = failures.filter { now.timeIntervalSince($0) < window }
        guard recent.count >= maximumFailures, let oldest = recent.min() else { return nil }
        return oldest.addingTimeInterval(window)
    }
}
