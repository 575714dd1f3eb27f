extension Migration {
    /// Signed checkpoints of the audit and ledger chains (length and newest hash), so that cutting
    /// the newest records off a chain is found. They are also written to a log file outside the
    /// database; these rows are the copy the audit page and the API read.
    static let checkpoints = Migration(
        id: "0011-chain-checkpoints",
        statements: [
            """
            CREATE TABLE chain_checkpoints (
                id TEXT PRIMARY KEY,
                chain TEXT NOT NULL,
                length BIGINT NOT NULL,
                head_hash TEXT NOT NULL,
                signed_at TEXT NOT NULL,
                public_key TEXT NOT NULL,
                signature TEXT NOT NULL
            )
            """,
            "CREATE INDEX chain_checkpoints_chain ON chain_checkpoints (chain, length)",
        ])
}
