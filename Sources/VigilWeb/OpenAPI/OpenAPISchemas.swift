import VigilCore

/// The component schemas of the OpenAPI document, one per request and response body.
enum OpenAPISchemas {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    static let instant: JSONValue = ["type": "string", "format": "date-time"]
    static func enumeration(_ values: [String]) -> JSONValue { ["type": "string", "enum": .array(values.map { .string($0) })] }
    static func nullable(_ type: String, format: String? = nil) -> JSONValue {
        if let format { return ["type": [.string(type), "null"], "format": .string(format)] }
        return ["type": [.string(type), "null"]]
    }
    static func object(_ required: [String], _ properties: [(String, JSONValue)]) -> JSONValue {
        ["type": "object", "required": .array(required.map { .string($0) }), "properties": .object(properties)]
    }
    static func page(of item: String) -> JSONValue {
        object(["items", "page", "perPage", "total"], [
            ("items", ["type": "array", "items": ref(item)]), ("page", ["type": "integer"]),
            ("perPage", ["type": "integer"]), ("total", ["type": "integer"]),
        ])
    }

    static let all: [(String, JSONValue)] = [
        ("Problem", object(["type", "title", "status", "detail"], [
            ("type", ["type": "string", "format": "uri"]), ("title", ["type": "string"]),
            ("status", ["type": "integer"]), ("detail", ["type": "string"]),
            ("errors", ["type": "array", "items": object(["field", "message"], [
                ("field", ["type": "string"]), ("message", ["type": "string"]),
            ])]),
        ])),
        ("Credentials", object(["email", "password"], [
            ("email", ["type": "string", "format": "email"]), ("password", ["type": "string"]),
            ("siteId", ["type": "string", "format": "uuid", "description": "The site to work at (default: your first open site)"]),
        ])),
        ("Token", object(["token", "expiresAt", "user"], [
            ("token", ["type": "string", "description": "Send as `Authorization: Bearer <token>`"]),
            ("expiresAt", instant), ("user", ref("User")),
        ])),
        ("User", object(["id", "email", "name", "role", "active", "createdAt", "sites", "networkAccess"], [
            ("id", uuid), ("email", ["type": "string", "format": "email"]), ("name", ["type": "string"]),
            ("role", enumeration(Role.allCases.map(\.rawValue))), ("active", ["type": "boolean"]), ("createdAt", instant),
            ("sites", list(uuid)), ("networkAccess", boolean),
        ])),
        ("UserPage", page(of: "User")),
        ("NewUser", object(["email", "name", "role", "password"], [
            ("email", ["type": "string", "format": "email"]), ("name", ["type": "string", "maxLength": 200]),
            ("role", enumeration(Role.allCases.map(\.rawValue))),
            ("password", ["type": "string", "minLength": .int(PasswordPolicy.minimumCharacters),
                          "description": "At least 12 characters, at most 72 bytes; common passwords are refused"]),
            ("sites", sitesField), ("networkAccess", networkField),
        ])),
        ("UserChange", object([], [
            ("name", ["type": "string", "maxLength": 200]), ("role", enumeration(Role.allCases.map(\.rawValue))),
            ("active", ["type": "boolean", "description": "false ends every session and token of the user"]),
            ("sites", sitesField), ("networkAccess", networkField),
        ])),
        ("AuditEvent", object(["id", "sequence", "occurredAt", "action", "outcome", "resourceType", "patientsShown", "hash"], [
            ("id", uuid), ("sequence", ["type": "integer"]), ("occurredAt", instant),
            ("userId", nullable("string", format: "uuid")), ("role", nullable("string")), ("address", nullable("string")),
            ("sessionId", nullable("string", format: "uuid")), ("siteId", nullable("string", format: "uuid")),
            ("action", enumeration(AuditAction.allCases.map(\.rawValue))),
            ("outcome", enumeration(AuditOutcome.allCases.map(\.rawValue))),
            ("patientId", nullable("string", format: "uuid")), ("resourceType", ["type": "string"]),
            ("resourceId", nullable("string")), ("detail", nullable("string")),
            ("patientsShown", ["type": "array", "items": uuid, "description": "The patients a list read showed"]), ("hash", ["type": "string"]),
        ])),
        ("AuditEventPage", page(of: "AuditEvent")),
        ("ChainVerdict", object(["intact", "entries"], [
            ("intact", ["type": "boolean"]), ("entries", ["type": "integer"]),
            ("firstBrokenEntry", nullable("string", format: "uuid")), ("reason", nullable("string")),
            ("checkpoint", object(["signedAt", "length", "publicKey"], [("signedAt", instant), ("length", ["type": "integer"]), ("publicKey", ["type": "string"])])),
        ])),
        ("Health", object(["status"], [("status", ["type": "string"]), ("database", nullable("string")), ("reason", nullable("string"))])),
    ]
}
