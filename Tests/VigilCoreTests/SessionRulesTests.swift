import Foundation
import Testing
import VigilCore

@Suite("Sessions and sign-in throttling")
struct SessionRulesTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func session(_ kind: SessionKind, lastSeen: TimeInterval = 0) -> SignInSession {
        let policy = SessionPolicy()
        return SignInSession(id: UUID(), userID: UUID(), kind: kind, csrfToken: "t", createdAt: start,
                             lastSeenAt: start.addingTimeInterval(lastSeen), expiresAt: policy.expiry(of: kind, startingAt: start),
                             endedAt: nil)
    }

    @Test func browserSessionsTimeOutAfter15IdleMinutes() {
        let policy = SessionPolicy()
        #expect(policy.endReason(for: session(.browser), at: start.addingTimeInterval(14 * 60)) == nil)
        #expect(policy.endReason(for: session(.browser), at: start.addingTimeInterval(15 * 60)) == .timedOut)
    }

    @Test func apiTokensExpireAfter12HoursRegardlessOfUse() {
        let policy = SessionPolicy()
        #expect(policy.endReason(for: session(.api), at: start.addingTimeInterval(11 * 3600)) == nil)
        #expect(policy.endReason(for: session(.api), at: start.addingTimeInterval(12 * 3600)) == .expired)
    }

    @Test func aBusyBrowserSessionStillEndsAt12Hours() {
        let policy = SessionPolicy()
        #expect(policy.endReason(for: session(.browser, lastSeen: 12 * 3600 - 1), at: start.addingTimeInterval(12 * 3600)) == .expired)
    }

    @Test func throttleLocksAfterTenFailuresForFifteenMinutes() {
        let throttle = SignInThrottle()
        let nine = (0..<9).map { start.addingTimeInterval(Double($0) * 60) }
        #expect(throttle.lockedUntil(after: nine, at: start.addingTimeInterval(9 * 60)) == nil)
        let ten = nine + [start.addingTimeInterval(9 * 60)]
        #expect(throttle.lockedUntil(after: ten, at: start.addingTimeInterval(9 * 60)) == start.addingTimeInterval(15 * 60))
        #expect(throttle.lockedUntil(after: ten, at: start.addingTimeInterval(15 * 60)) == nil)
        #expect(throttle.counted(at: start.addingTimeInterval(15 * 60)) == start)
    }
}
