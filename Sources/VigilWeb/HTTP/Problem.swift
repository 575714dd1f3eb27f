import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VigilCore

/// An error answer as an RFC 9457 problem document: `type`, `title`, `status`, `detail` and, for
/// invalid values, `errors: [{field, message}]`.
public struct Problem: HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String
    public var errors: [FieldError]
    /// Extra headers (`Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ detail: String, errors: [FieldError] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.title = status.reasonPhrase
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// A stable URI naming the kind of problem, documented in the OpenAPI document.
    public var type: String {
        "https://vigil.invalid/problems/\(title.lowercased().replacingOccurrences(of: " ", with: "-"))"
    }

    public static func invalid(_ errors: [FieldError]) -> Problem {
        Problem(.unprocessableContent, errors.count == 1 ? "\(errors[0].field) \(errors[0].message)" : "\(errors.count) fields are not valid", errors: errors)
    }

    static let notSignedIn = Problem(.unauthorized, "Sign in first: send `Authorization: Bearer <token>`.",
                                     headers: [.wwwAuthenticate: "Bearer"])

    static func notFound(_ what: String) -> Problem { Problem(.notFound, "No \(what) has that id.") }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        let body = Body(type: type, title: title, status: status.code, detail: detail, errors: errors.isEmpty ? nil : errors)
        let data = try JSONEncoder.vigil.encode(body)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private struct Body: Encodable {
        let type: String
        let title: String
        let status: Int
        let detail: String
        let errors: [FieldError]?
    }
}
