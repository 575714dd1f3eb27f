extension Migration {
    /// The controlled-substance ledger: products, lots, the append-only hash-chained journal, and
    /// the discrepancies counts open. Entries are refused change or removal by the database itself,
    /// as audit events are; the hash chain finds anyone who goes around that.
    static let ledger = Migration(
        id: "0010-ledger",
        statements: [
            """
            CREATE TABLE controlled_products (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                ndc TEXT NOT NULL UNIQUE,
                strength TEXT NOT NULL,
                form TEXT NOT NULL,
                unit TEXT NOT NULL,
                units_per_container DOUBLE PRECISION NOT NULL,
                mg_per_ml DOUBLE PRECISION,
                schedule TEXT NOT NULL,
                created_by TEXT REFERENCES users (id),
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE stock_lots (
                id TEXT PRIMARY KEY,
                product_id TEXT NOT NULL REFERENCES controlled_products (id),
                lot_number TEXT NOT NULL,
                expires_on TEXT NOT NULL,
                supplier_name TEXT NOT NULL,
                supplier_address TEXT NOT NULL,
                supplier_dea_number TEXT NOT NULL,
                invoice_number TEXT NOT NULL,
                storage_location TEXT NOT NULL,
                created_by TEXT REFERENCES users (id),
                created_at TEXT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX stock_lots_product_lot ON stock_lots (product_id, lot_number)",
            """
            CREATE TABLE ledger_entries (
                sequence BIGINT PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                lot_id TEXT NOT NULL REFERENCES stock_lots (id),
                quantity DOUBLE PRECISION NOT NULL,
                session_id TEXT REFERENCES dosing_sessions (id),
                patient_id TEXT REFERENCES patients (id),
                user_id TEXT NOT NULL REFERENCES users (id),
                user_name TEXT NOT NULL,
                witnesses TEXT NOT NULL,
                note TEXT,
                corrects TEXT,
                occurred_at TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX ledger_entries_lot ON ledger_entries (lot_id, sequence)",
            "CREATE INDEX ledger_entries_patient ON ledger_entries (patient_id, sequence)",
            "CREATE INDEX ledger_entries_time ON ledger_entries (occurred_at)",
            """
            CREATE TABLE ledger_discrepancies (
                id TEXT PRIMARY KEY,
                lot_id TEXT NOT NULL REFERENCES stock_lots (id),
                count_entry_id TEXT NOT NULL UNIQUE,
                counted DOUBLE PRECISION NOT NULL,
                book DOUBLE PRECISION NOT NULL,
                opened_at TEXT NOT NULL,
                resolution TEXT,
                resolved_by TEXT REFERENCES users (id)
            )
            """,
            "CREATE INDEX ledger_discrepancies_open ON ledger_discrepancies (opened_at)",
        ],
        engineSpecific: { engine in appendOnly("ledger_entries", on: engine) }
    )
}

extension Migration {
    /// Who gave each administration (covered by the entry's hash when kept), whether a product is a
    /// multi-dose vial, and the signed physical inventories, counted by two, with a count per lot —
    /// append-only, as the ledger is.
    static let physicalInventories = Migration(
        id: "0018-physical-inventories",
        statements: [
            "ALTER TABLE ledger_entries ADD COLUMN administered_by TEXT",
            "ALTER TABLE controlled_products ADD COLUMN multi_dose BOOLEAN NOT NULL DEFAULT FALSE",
            """
            CREATE TABLE physical_inventories (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                taken_on TEXT NOT NULL,
                at_opening BOOLEAN NOT NULL,
                taken_by TEXT NOT NULL REFERENCES users (id),
                taken_by_name TEXT NOT NULL,
                counted_with TEXT NOT NULL REFERENCES users (id),
                counted_with_name TEXT NOT NULL,
                signed_at TEXT NOT NULL,
                note TEXT
            )
            """,
            "CREATE INDEX physical_inventories_taken ON physical_inventories (taken_on, signed_at)",
            """
            CREATE TABLE physical_inventory_counts (
                inventory_id TEXT NOT NULL REFERENCES physical_inventories (id),
                lot_id TEXT NOT NULL REFERENCES stock_lots (id),
                full_containers BIGINT NOT NULL,
                opened_units DOUBLE PRECISION NOT NULL,
                book DOUBLE PRECISION NOT NULL,
                count_entry_id TEXT NOT NULL REFERENCES ledger_entries (id),
                PRIMARY KEY (inventory_id, lot_id)
            )
            """,
        ],
        engineSpecific: { engine in appendOnly("physical_inventories", on: engine) + appendOnly("physical_inventory_counts", on: engine) })
}
