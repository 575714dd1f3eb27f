import Foundation
import Synchronization
import Testing
import VigilCore
import VigilStorage
import VigilTestSupport

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)
    private let offset = Mutex<TimeInterval>(0)
    func now() -> Date { start.addingTimeInterval(offset.withLock { $0 }) }
    func advance(_ seconds: TimeInterval) { offset.withLock { $0 += seconds } }
}


@Suite("Sessions")
struct SessionStoreTests {
    @Test func onlyTheTokensHashIsStored() async throws {
        try await TestDatabase.with { database in
            let nurse = try await TestStaff.create(.nurse, in: database)
            let started = try await database.startSession(for: nurse, kind: .api, policy: SessionPolicy(), actor: .anonymous(address: "::1"))
            #expect(started.token.count >= 43, "256 random bits in base64")
            let stored = try await database.read { sql in
                try await sql.select().column("token_hash").from("sessions").all(decodingColumn: "token_hash", as: String.self)
            }
            #expect(stored.count == 1 && stored[0] != started.token && !stored[0].contains(started.token))
            let signIn = try await database.auditEvents(AuditFilter(action: .signIn)).items
            #expect(signIn.first?.userID == nurse.id && signIn.first?.sessionID == started.session.id && signIn.first?.address == "::1")
        }
    }

    @Test func anIdleBrowserSessionTimesOutAndTheTimeOutIsAudited() async throws {
        let clock = ManualClock()
        try await TestDatabase.with(clock: clock.now) { database in
            let nurse = try await TestStaff.create(.nurse, in: database)
            let policy = SessionPolicy()
            let started = try await database.startSession(for: nurse, kind: .browser, policy: policy, actor: .anonymous(address: nil))
            clock.advance(10 * 60)
            #expect(try await database.resumeSession(token: started.token, kind: .browser, policy: policy, address: nil) != nil)
            clock.advance(14 * 60)
            #expect(try await database.resumeSession(token: started.token, kind: .browser, policy: policy, address: nil) != nil,
                    "use at 10 minutes reset the idle clock")
            clock.advance(15 * 60)
            #expect(try await database.resumeSession(token: started.token, kind: .browser, policy: policy, address: nil) == nil)
            #expect(try await database.auditEvents(AuditFilter(action: .timeOut)).total == 1)
        }
    }

    @Test func aOneMinuteIdleLimitKeepsAnActiveUserSignedIn() async throws {
        let clock = ManualClock()
        try await TestDatabase.with(clock: clock.now) { database in
            let nurse = try await TestStaff.create(.nurse, in: database)
            var policy = SessionPolicy()
            policy.browserIdleLimit = 60
            let started = try await database.startSession(for: nurse, kind: .browser, policy: policy, actor: .anonymous(address: nil))
            // A request every 50 seconds for ten minutes: never 60 seconds idle.
            for _ in 0..<12 {
                clock.advance(50)
                #expect(try await database.resumeSession(token: started.token, kind: .browser, policy: policy, address: nil) != nil)
            }
            clock.advance(60)
            #expect(try await database.resumeSession(token: started.token, kind: .browser, policy: policy, address: nil) == nil)
        }
    }

    @Test func aTokenIsNotABrowserSessionAndARevokedOneIsDead() async throws {
        try await TestDatabase.with { database in
            let nurse = try await TestStaff.create(.nurse, in: database)
            let policy = SessionPolicy()
            let started = try await database.startSession(for: nurse, kind: .api, policy: policy, actor: .anonymous(address: nil))
            #expect(try await database.resumeSession(token: started.token, kind: .browser, policy: policy, address: nil) == nil)
            try await database.endSession(started.session, reason: .revoked, actor: .commandLine)
            #expect(try await database.resumeSession(token: started.token, kind: .api, policy: policy, address: nil) == nil)
        }
    }
}
