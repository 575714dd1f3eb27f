/// What was done, in the vocabulary of ASTM E2147 and FHIR AuditEvent.
public enum AuditAction: String, CaseIterable, Codable, Sendable {
    case create, read, update, delete, execute, export, print
    case signIn = "sign-in"
    case signOut = "sign-out"
    case timeOut = "time-out"
    case lockOut = "lock-out"
    case privilegeChange = "privilege-change"
    case breakGlass = "break-glass"
}

/// How it ended. Denied attempts are recorded as well as successes (ASTM E2147).
public enum AuditOutcome: String, CaseIterable, Codable, Sendable {
    case success
    case failure
    case denied
}
