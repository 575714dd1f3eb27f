import Foundation
import HTTPTypes
import VigilCore
import VigilStorage

/// Checks an email and password and starts a session. A wrong email, a wrong password and a
/// deactivated account all get the same 401 after the same bcrypt work, so an attacker learns
/// nothing about which accounts exist. Every attempt is audited. A ledger witness's password is
/// checked here too, under the same lock-out.
public actor Authenticator {
    let database: Database
    let hasher: PasswordHasher
    let policy: SessionPolicy
    private let throttle = SignInThrottle()

    static let failure = Problem(.unauthorized, "Email or password is incorrect.")

    public init(database: Database, hasher: PasswordHasher, policy: SessionPolicy) {
        self.database = database
        self.hasher = hasher
        self.policy = policy
    }

    /// Signs in, working at `site` when it is one of the user's open sites (else their first).
    func signIn(email rawEmail: String, password: String, kind: SessionKind, site: UUID? = nil, actor: Actor) async throws -> (User, StartedSession) {
        let email = EmailAddress(rawEmail)
        let key = email?.value ?? rawEmail.lowercased()
        let now = database.clock()
        let failures = try await database.signInFailures(key: key, since: throttle.counted(at: now))
        if let until = throttle.lockedUntil(after: failures, at: now) {
            try await database.audit(AuditRecord(actor, .lockOut, .denied, resourceType: "Session",
                                                 detail: "sign-in refused after repeated failures"))
            let seconds = Int(until.timeIntervalSince(now).rounded(.up))
            throw Problem(.tooManyRequests, "Too many failed sign-ins for this account. Try again in \(max(1, seconds / 60)) minutes.",
                          headers: [.retryAfter: String(seconds)])
        }
        var found: (user: User, passwordHash: String)?
        if let email { found = try await database.credentials(email: email) }
        let matches = try await hasher.verify(password, against: found?.passwordHash)
        guard matches, let user = found?.user, user.active else {
            var attempted = actor
            attempted.userID = found?.user.id
            attempted.role = found?.user.role
            try await database.recordSignInFailure(key: key, forgetBefore: throttle.counted(at: now), AuditRecord(
                attempted, .signIn, .failure, resourceType: "Session",
                detail: found == nil ? "unknown email" : (matches ? "account deactivated" : "wrong password")))
            throw Self.failure
        }
        if !failures.isEmpty { try await database.clearSignInFailures(key: key) }
        let started = try await database.startSession(for: user, kind: kind, policy: policy, actor: actor, site: site)
        return (user, started)
    }

    /// Confirms every witness of a ledger entry, after the entry's own fields — witness count
    /// included — are checked, so no bcrypt runs for an entry that would be refused anyway.
    public func confirmWitnesses(of form: LedgerEntryForm, actor: Actor) async throws -> [WitnessConfirmation] {
        _ = try form.parsed(now: database.clock())
        var confirmed: [WitnessConfirmation] = []
        for credentials in form.allWitnesses { confirmed.append(try await confirmWitness(credentials, actor: actor)) }
        return confirmed
    }

    /// Confirms that the signed-in `user` signs with their own password (a physical inventory), under
    /// the same lock-out and audit as a witness.
    public func confirmSignature(of user: User, password: String?, actor: Actor) async throws -> WitnessConfirmation {
        try await confirmWitness(.init(email: user.email, password: password), actor: actor, purpose: "signature")
    }

    /// Confirms a ledger witness by their own email and password, for the person recording (`actor`).
    /// A locked-out account is checked against the decoy, so it costs the same bcrypt and gets the same
    /// answer as a wrong password; a wrong password counts towards the account's lock-out. Whether the
    /// account may witness (active, clinical) is `LedgerRules`' to decide, with one answer for every
    /// refusal. Success and failure are audited.
    public func confirmWitness(_ credentials: LedgerEntryForm.WitnessCredentials, actor: Actor, purpose: String = "witness") async throws -> WitnessConfirmation {
        let email = EmailAddress(credentials.email ?? "")
        let key = email?.value ?? (credentials.email ?? "").lowercased()
        let now = database.clock()
        let failures = try await database.signInFailures(key: key, since: throttle.counted(at: now))
        let locked = throttle.lockedUntil(after: failures, at: now) != nil
        var found: (user: User, passwordHash: String)?
        if let email, !locked { found = try await database.credentials(email: email) }
        let matches = try await hasher.verify(credentials.password ?? "", against: found?.passwordHash)
        let record = AuditRecord(actor, .execute, matches ? .success : .failure, resourceType: "WitnessConfirmation",
                                 resourceID: found?.user.id.lowercased,
                                 detail: matches ? "\(purpose) password confirmed" : locked ? "\(purpose) refused: account locked out"
                                     : found == nil ? "\(purpose) refused: unknown email" : "\(purpose) refused: wrong password")
        if !matches && !locked {
            try await database.recordSignInFailure(key: key, forgetBefore: throttle.counted(at: now), record)
        } else {
            if matches && !failures.isEmpty { try await database.clearSignInFailures(key: key) }
            try await database.audit(record)
        }
        guard matches, let user = found?.user else { return .refused }
        return WitnessConfirmation(id: user.id, name: user.name, active: user.active, role: user.role, passwordMatched: true)
    }
}
