import Foundation
import VigilCore

/// Reads the text forms that the schema stores back into typed values, failing loudly on anything
/// that was not written by Vigil.
enum StoredValue {
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    static func uuid(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw Unreadable(description: "stored id \(text) is not a UUID") }
        return id
    }

    static func instant(_ text: String) throws -> Date {
        guard let date = Instant.parse(text) else { throw Unreadable(description: "stored instant \(text) is not RFC 3339") }
        return date
    }

    static func role(_ text: String) throws -> Role {
        try enumValue(text)
    }

    static func enumValue<T: RawRepresentable>(_ text: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else { throw Unreadable(description: "stored value \(text) is not a \(T.self)") }
        return value
    }
}

extension UUID {
    /// The stored form of an id: lower-case text, identical on both engines.
    public var lowercased: String { uuidString.lowercased() }
}

extension StoredValue {
    static func date(_ text: String) throws -> CalendarDate {
        guard let date = CalendarDate(text) else { throw Unreadable(description: "stored date \(text) is not YYYY-MM-DD") }
        return date
    }

    /// Lists and small structures kept as JSON text, keys sorted so equal values store equal text.
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ text: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw Unreadable(description: "stored JSON is not a \(T.self): \(error)")
        }
    }
}
