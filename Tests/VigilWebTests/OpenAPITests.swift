import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigilCore
import VigilWeb

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test func everyRegisteredRouteIsDocumented() async throws {
        try await TestApp.with { app, client in
            let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = response.object
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for route in app.routes {
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                #expect(paths[parts[1]]?[parts[0].lowercased()] != nil, "\(route) is missing from the OpenAPI document")
            }
        }
    }

    @Test func everyReferenceResolvesAndEveryOperationIsDescribed() async throws {
        try await TestApp.with { _, client in
            let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            let text = response.body.text
            let schemas = try #require((response.object["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let references = text.matches(of: /"#\/components\/schemas\/([A-Za-z]+)"/).map { String($0.1) }
            #expect(!references.isEmpty)
            for name in Set(references) { #expect(schemas[name] != nil, "\(name) is referenced but not defined") }
            let paths = try #require(response.object["paths"] as? [String: [String: [String: Any]]])
            for (path, operations) in paths {
                for (method, operation) in operations {
                    #expect(operation["summary"] is String && operation["responses"] is [String: Any], "\(method) \(path)")
                }
            }
        }
    }
}
