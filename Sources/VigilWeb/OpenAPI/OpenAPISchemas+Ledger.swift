import VigilCore

/// Schemas of the controlled-substance ledger's bodies.
extension OpenAPISchemas {
    static let quantity = object(["units", "containers", "shown"], [
        ("units", number), ("containers", number), ("mg", nullable("number")), ("ml", nullable("number")), ("shown", string),
    ])
    static let lotFields: [(String, JSONValue)] = [
        ("productId", uuid), ("lotNumber", string), ("expiresOn", date), ("supplierName", string), ("supplierAddress", string),
        ("supplierDeaNumber", ["type": "string", "example": "RM1234563", "description": "Two letters and seven digits with a valid check digit"]),
        ("invoiceNumber", string), ("storageLocation", string),
    ]
    static let witness = object(["email", "password"], [("email", ["type": "string", "format": "email"]), ("password", string)])
    static let person = object(["id", "name"], [("id", uuid), ("name", string)])
    static let deadlines = object(["discoveredOn", "noticeBy", "form106By", "reasons"], [
        ("discoveredOn", date), ("noticeBy", date), ("form106By", date), ("reasons", list(string)),
    ])

    static let ledger: [(String, JSONValue)] = [
        ("Product", object(["id", "name", "ndc", "strength", "form", "unit", "unitsPerContainer", "schedule", "multiDose"], [
            ("id", uuid), ("name", string), ("ndc", string), ("strength", string), ("form", string), ("unit", values(ControlledProduct.Unit.self)),
            ("unitsPerContainer", number), ("mgPerMl", nullable("number")), ("schedule", enumeration(["II", "III", "IV", "V"])), ("multiDose", boolean),
        ])),
        ("ProductList", list(of: "Product")),
        ("NewProduct", object(["name", "ndc", "strength", "form", "unit", "unitsPerContainer", "schedule"], [
            ("name", ["type": "string", "example": "Ketamine HCl"]), ("ndc", ["type": "string", "example": "0409-2053-01"]),
            ("strength", ["type": "string", "example": "100 mg/mL"]), ("form", ["type": "string", "example": "10 mL vial"]),
            ("unit", values(ControlledProduct.Unit.self)), ("unitsPerContainer", number), ("mgPerMl", number),
            ("schedule", enumeration(["II", "III", "IV", "V"])),
            ("multiDose", ["type": "boolean", "description": "A multi-dose vial: a dose's remainder stays in stock (default false: single-dose, remainder wasted)"]),
        ])),
        ("Lot", object(["id", "siteId"] + lotFields.map(\.0), [("id", uuid), ("siteId", uuid)] + lotFields)),
        ("LotList", list(of: "Lot")),
        ("NewLot", object(lotFields.map(\.0), lotFields + [("quantity", ["type": "number", "description": "Received now, in the product's unit: posts the receipt entry"])])),
        ("NewLedgerEntry", object(["type", "lotId", "quantity"], [
            ("type", values(LedgerEntry.Kind.self)), ("lotId", uuid),
            ("quantity", ["type": "number", "description": "In the product's unit; an adjustment's is signed; a count's is what was counted"]),
            ("sessionId", uuid), ("patientId", uuid), ("witness", witness), ("witnesses", list(witness)), ("note", string),
            ("corrects", ["type": "string", "format": "uuid", "description": "The entry this one corrects (same type, with a note)"]),
            ("occurredAt", ["type": "string", "format": "date-time", "description": "Default now; for a loss or theft, its discovery"]),
        ])),
        ("LedgerEntry", object(["id", "sequence", "type", "lotId", "quantity", "unit", "userId", "userName", "witnesses", "occurredAt", "recordedAt", "hash"], [
            ("id", uuid), ("sequence", integer), ("type", values(LedgerEntry.Kind.self)), ("lotId", uuid), ("lotNumber", string), ("productId", uuid),
            ("productName", string), ("quantity", number), ("unit", values(ControlledProduct.Unit.self)), ("shown", string),
            ("sessionId", nullable("string", format: "uuid")), ("patientId", nullable("string", format: "uuid")), ("patientName", nullable("string")),
            ("patientAddress", nullable("string")), ("userId", uuid), ("userName", string),
            ("administeredBy", ["oneOf": [person, ["type": "null"]], "description": "An administration: the clinician who gave the dose"]),
            ("witnesses", list(person)), ("note", nullable("string")),
            ("corrects", nullable("string", format: "uuid")), ("correctedBy", nullable("string", format: "uuid")), ("occurredAt", instant),
            ("recordedAt", instant), ("hash", string),
            ("discrepancyId", ["type": ["string", "null"], "format": "uuid", "description": "A count that differed from the book: the discrepancy it opened"]),
            ("deadlines", deadlines),
        ])),
        ("LedgerEntryPage", page(of: "LedgerEntry")),
        ("NewSiteTransfer", object(["lotId", "toSiteId", "quantity"], [
            ("lotId", ["type": "string", "format": "uuid", "description": "A lot of your site's stock"]), ("toSiteId", uuid),
            ("quantity", ["type": "number", "exclusiveMinimum": 0, "maximum": 1_000_000, "description": "In the product's unit"]),
            ("note", ["type": "string", "maxLength": 1000]),
        ])),
        ("SiteTransfer", object(["out", "in"], [("out", ref("LedgerEntry")), ("in", ref("LedgerEntry"))])),
        ("BalanceList", list(of: "Balance")),
        ("Balance", object(["product", "balance", "lots"], [
            ("product", ref("Product")), ("balance", quantity),
            ("lots", list(object(["lot", "balance", "expiresInDays", "openDiscrepancies"], [
                ("lot", ref("Lot")), ("balance", quantity), ("expiresInDays", integer),
                ("expiryWarning", ["type": ["integer", "null"], "description": "0 expired; 30, 60 or 90: expires within that many days"]),
                ("openDiscrepancies", integer),
            ]))),
        ])),
        ("Discrepancy", object(["id", "lotId", "countEntryId", "counted", "book", "difference", "openedAt"], [
            ("id", uuid), ("lotId", uuid), ("lotNumber", string), ("productName", string), ("countEntryId", uuid), ("counted", number), ("book", number),
            ("difference", number), ("shown", string), ("openedAt", instant),
            ("resolution", object(["note", "byName", "at"], [
                ("note", string), ("byName", string), ("at", instant), ("significantLoss", nullable("boolean")),
                ("lossEntryId", nullable("string", format: "uuid")), ("deadlines", ["oneOf": [deadlines, ["type": "null"]]]),
            ])),
        ])),
        ("DiscrepancyList", list(of: "Discrepancy")),
        ("DiscrepancyResolution", object(["note"], [
            ("note", string),
            ("significantLoss", ["type": "boolean", "description": "Required when stock is missing: is it a significant loss (21 CFR 1301.76(b))? Yes records the loss-or-theft entry"]),
        ])),
        ("PhysicalInventory", object(["id", "kind", "takenOn", "at", "takenBy", "countedWith", "signedAt", "counts", "nextDueBy"], [
            ("id", uuid), ("kind", values(PhysicalInventory.Kind.self)), ("takenOn", date), ("at", enumeration(["opening", "close"])), ("takenBy", person),
            ("countedWith", person),
            ("signedAt", instant), ("note", nullable("string")),
            ("counts", list(object(["lotId", "fullContainers", "openedUnits", "openedIsEstimate", "book", "countEntryId"], [
                ("lotId", uuid), ("lotNumber", nullable("string")), ("productName", nullable("string")), ("fullContainers", integer),
                ("openedUnits", number), ("openedIsEstimate", boolean), ("counted", nullable("number")), ("book", number), ("countEntryId", uuid),
            ]))),
            ("nextDueBy", date),
        ])),
        ("PhysicalInventoryList", object(["items", "overdue", "due"], [
            ("items", list(ref("PhysicalInventory"))), ("nextDueBy", nullable("string", format: "date")), ("overdue", boolean), ("due", string),
        ])),
        ("NewPhysicalInventory", object(["kind", "at", "counts", "password", "witness"], [
            ("kind", values(PhysicalInventory.Kind.self)), ("at", enumeration(["opening", "close"])),
            ("counts", list(object(["lotId", "fullContainers"], [
                ("lotId", uuid), ("fullContainers", ["type": "integer", "minimum": 0, "description": "Unopened containers, counted exactly"]),
                ("openedUnits", ["type": "number", "minimum": 0, "description": "What is left in an opened vial, in mg (estimate allowed in Schedule III–V); none for devices"]),
            ]))),
            ("note", string), ("password", ["type": "string", "description": "Your own password: it signs the inventory"]),
            ("witness", ["allOf": [witness], "description": "The second counter's own email and password"]),
        ])),
    ]
}
