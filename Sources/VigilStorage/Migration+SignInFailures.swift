extension Migration {
    /// Failed sign-ins and witness confirmations, by account, so that the lock-out counts the
    /// attempts made at every server process of a clinic (before, each process counted its own:
    /// N processes gave an attacker N × 10 tries).
    static let signInFailures = Migration(
        id: "0021-sign-in-failures",
        statements: [
            "CREATE TABLE sign_in_failures (id TEXT PRIMARY KEY, account_key TEXT NOT NULL, failed_at TEXT NOT NULL)",
            "CREATE INDEX sign_in_failures_account ON sign_in_failures (account_key, failed_at)",
        ])
}
