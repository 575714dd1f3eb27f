import Foundation
import VigilCore

/// Builds the OpenAPI 3.1 document from the registered endpoints, so it cannot drift from the
/// routes: an endpoint exists in the router only if it is in this list.
enum OpenAPIDocument {
    static func make(_ endpoints: [Endpoint]) -> JSONValue {
        let byPath = Dictionary(grouping: endpoints, by: \.path)
        let paths: [(String, JSONValue)] = byPath.keys.sorted().map { path in
            (path, .object(byPath[path]!.sorted { $0.method.rawValue < $1.method.rawValue }.map { endpoint in
                (endpoint.method.rawValue.lowercased(), operation(endpoint))
            }))
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Vigil",
                "version": "1",
                "description": "Clinic system for ketamine and esketamine treatment programs. Clinical decision support for trained staff; it does not replace clinical judgement. Errors are RFC 9457 problem documents (application/problem+json).",
            ],
            "paths": .object(paths),
            "components": [
                "schemas": .object(OpenAPISchemas.all + OpenAPISchemas.patients + OpenAPISchemas.measures + OpenAPISchemas.courses + OpenAPISchemas.sessions + OpenAPISchemas.ledger + OpenAPISchemas.sites),
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"],
                                    "session": ["type": "apiKey", "in": "cookie", "name": "__Host-vigil-session"]],
            ],
        ]
    }

    static func data(_ endpoints: [Endpoint]) -> Data {
        (try? JSONEncoder.vigil.encode(make(endpoints))) ?? Data()
    }

    private static func operation(_ endpoint: Endpoint) -> JSONValue {
        let docs = endpoint.documentation
        var members: [(String, JSONValue)] = [
            ("operationId", .string(operationID(endpoint))),
            ("summary", .string(endpoint.summary)),
            ("tags", [.string(endpoint.kind.rawValue)]),
        ]
        switch endpoint.access {
        case .open:
            members.append(("security", []))
        case .signedIn:
            members.append(("security", [security(endpoint)]))
        case .permission(let permission):
            members.append(("security", [security(endpoint)]))
            members.append(("x-vigil-permission", .string(permission.rawValue)))
            members.append(("description", .string("Requires a role that may \(permission.summary): \(Role.allCases.filter { $0.may(permission) }.map(\.rawValue).joined(separator: ", ")).")))
        }
        let parameters: [JSONValue] = endpoint.parameters.map { name in
            ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]
        } + docs.query.map { query in
            var schema: [(String, JSONValue)] = [("type", .string(query.type))]
            if let format = query.format { schema.append(("format", .string(format))) }
            return ["name": .string(query.name), "in": "query", "required": false,
                    "description": .string(query.description), "schema": .object(schema)]
        }
        if !parameters.isEmpty { members.append(("parameters", .array(parameters))) }
        if let request = docs.request {
            members.append(("requestBody", ["required": true, "content": ["application/json": ["schema": OpenAPISchemas.ref(request)]]]))
        } else if endpoint.kind == .page && endpoint.method == .post {
            members.append(("requestBody", ["required": true, "content": ["application/x-www-form-urlencoded": ["schema": ["type": "object"]]]]))
        }
        var success: [(String, JSONValue)] = [("description", "Success")]
        if let response = docs.response {
            success.append(("content", .object([(docs.mediaType, ["schema": OpenAPISchemas.ref(response)] as JSONValue)])))
        } else if docs.status != 204 {
            let mediaType = endpoint.kind == .page ? "text/html" : docs.mediaType
            success.append(("content", .object([(mediaType, ["schema": ["type": "string"]] as JSONValue)])))
        }
        // A page answers a browser (Accept: text/html) with an HTML error page, anyone else with a problem document.
        var errorContent: [(String, JSONValue)] = [("application/problem+json", ["schema": OpenAPISchemas.ref("Problem")])]
        if endpoint.kind == .page { errorContent.append(("text/html", ["schema": ["type": "string"]])) }
        func problemResponse(_ description: String) -> JSONValue {
            ["description": .string(description), "content": .object(errorContent)]
        }
        var responses: [(String, JSONValue)] = [(String(docs.status), .object(success))]
        if endpoint.kind == .page && (endpoint.method == .post || endpoint.access != .open) {
            responses.append(("303", ["description": "Redirect to the next page (or to sign-in)"]))
        }
        if endpoint.access != .open { responses.append(("401", problemResponse("Not signed in"))) }
        if case .permission = endpoint.access { responses.append(("403", problemResponse("The role may not do this"))) }
        if !endpoint.parameters.isEmpty { responses.append(("404", problemResponse("No record has that id"))) }
        if docs.request != nil {
            responses.append(("400", problemResponse("The body is not valid JSON")))
            responses.append(("413", problemResponse("The body is larger than 1 MiB")))
            responses.append(("415", problemResponse("The body is not application/json")))
        }
        if docs.request != nil || !docs.query.isEmpty { responses.append(("422", problemResponse("A value is not valid; `errors` names each field"))) }
        responses.append(("default", problemResponse("Unexpected error")))
        members.append(("responses", .object(responses)))
        return .object(members)
    }

    private static func security(_ endpoint: Endpoint) -> JSONValue {
        endpoint.kind == .api ? ["bearer": []] : ["session": []]
    }

    /// `get /api/v1/users/{id}` → `getApiV1UsersId`.
    private static func operationID(_ endpoint: Endpoint) -> String {
        let words = endpoint.path.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return endpoint.method.rawValue.lowercased() + (words.isEmpty ? "Root" : words.joined())
    }
}
