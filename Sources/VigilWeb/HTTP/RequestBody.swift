import Foundation
import Hummingbird
import NIOCore
import VigilCore

extension Request {
    /// Decodes a JSON body into `T`, turning every way a body can be wrong into a problem document:
    /// wrong media type → 415, too large → 413, not JSON (syntax, invalid UTF-8, nesting too deep)
    /// → 400, a value of the wrong type or a missing field → 422 naming the field.
    mutating func decodeJSON<T: Decodable>(_ type: T.Type, context: VigilContext) async throws -> T {
        let mediaType = headers[.contentType].flatMap(MediaType.init(from:))
        guard let mediaType, mediaType.isType(.applicationJson) || mediaType.subType.hasSuffix("+json") else {
            throw Problem(.unsupportedMediaType, "Send the body as application/json.")
        }
        let buffer = try await collectBody(upTo: context.maxUploadSize)
        guard String(validating: buffer.readableBytesView, as: UTF8.self) != nil else {
            throw Problem(.badRequest, "The body is not valid UTF-8.")
        }
        let data = Data(buffer: buffer)
        let value: T
        do {
            value = try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw Problem(decoding: error)
        }
        // Parsed as JSON already (syntax and depth checked), so this walk is safe and bounded.
        let outOfRange = NumberBound.fieldsOutOfRange(in: (try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)) ?? [:])
        if !outOfRange.isEmpty {
            throw Problem.invalid(outOfRange.map { FieldError($0, NumberBound.message) })
        }
        return value
    }
}

/// No number in a clinic's request comes near a billion (the largest are stock quantities in mg),
/// while numbers such as 4.9e280 overflowed the arithmetic that formats or counts them and stopped
/// the server. Every JSON body and every form's number field is held to this before any rule sees it.
enum NumberBound {
    static let limit = 1_000_000_000.0
    static let message = "must be a number from -1,000,000,000 to 1,000,000,000"

    static func contains(_ value: Double) -> Bool { value.isFinite && abs(value) <= limit }

    /// The field names (as `a.b[0]`) of every number outside the bound.
    static func fieldsOutOfRange(in value: Any, at path: String = "") -> [String] {
        switch value {
        case let object as [String: Any]:
            return object.keys.sorted().flatMap { key in fieldsOutOfRange(in: object[key]!, at: path.isEmpty ? key : "\(path).\(key)") }
        case let array as [Any]:
            return array.enumerated().flatMap { fieldsOutOfRange(in: $1, at: "\(path)[\($0)]") }
        case let number as NSNumber:  // true and false are 1 and 0, inside the bound
            return contains(number.doubleValue) ? [] : [path.isEmpty ? "body" : path]
        default:
            return []
        }
    }
}

extension Request {
    /// The `page` and `perPage` query values of a list request.
    func page() throws(ValidationError) -> Page {
        try Page(number: uri.queryParameters["page"].map(String.init), size: uri.queryParameters["perPage"].map(String.init))
    }
}

/// Reads query-string values, collecting every one that cannot be used before failing.
struct QueryReader {
    let query: Parameters
    var validator = Validator()

    init(_ query: Parameters) {
        self.query = query
    }

    /// The value, with empty taken as absent.
    func value(_ name: String) -> String? {
        query[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    mutating func parsed<T>(_ name: String, _ message: String, _ parse: (String) -> T?) -> T? {
        guard let text = value(name) else { return nil }
        let result = parse(text)
        validator.check(result != nil, name, message)
        return result
    }

    mutating func instant(_ name: String) -> Date? {
        parsed(name, "must be an RFC 3339 instant such as 2026-11-21T09:00:00Z", Instant.parse)
    }
}

extension Problem {
    /// Maps a decoding failure to 400 (the body is not JSON at all) or 422 (a field is wrong).
    init(decoding error: DecodingError) {
        func field(_ path: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let keys = path + (last.map { [$0] } ?? [])
            let name = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return name.hasPrefix(".") ? String(name.dropFirst()) : (name.isEmpty ? "body" : name)
        }
        switch error {
        case .keyNotFound(let key, let context):
            self = .invalid([FieldError(field(context.codingPath, key), "is required")])
        case .valueNotFound(_, let context):
            self = .invalid([FieldError(field(context.codingPath), "must not be null")])
        case .typeMismatch(let type, let context) where !context.codingPath.isEmpty:
            self = .invalid([FieldError(field(context.codingPath), "must be \(Self.describe(type))")])
        case .typeMismatch:
            self = .invalid([FieldError("body", "must be a JSON object")])
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            self = .invalid([FieldError(field(context.codingPath), context.debugDescription)])
        case .dataCorrupted:
            self = Problem(.badRequest, "The body is not valid JSON (syntax, encoding or nesting depth).")
        @unknown default:
            self = Problem(.badRequest, "The body could not be read.")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Double.Type: "a number"
        default: "of type \(type)"
        }
    }
}

/// A URL-encoded form body read as name → value (the last value wins for repeated names).
struct FormBody: Sendable {
    let values: [String: String]

    init(values: [String: String]) {
        self.values = values
    }

    init(request: inout Request, context: VigilContext) async throws {
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw Problem(.badRequest, "The form is not valid UTF-8.")
        }
        var values: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? {
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = parts.first.flatMap(decode) else { continue }
            values[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        self.values = values
    }

    subscript(_ name: String) -> String? { values[name] }
}
