import Foundation
import Hummingbird
import NIOCore
import VigilCore

extension Response {
    /// A JSON response with instants as RFC 3339 UTC (see `Instant`).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder.vigil.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303 See Other: after a form post, the browser loads the next page with GET.
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// 303 to a page that shows `message` as the outcome of the form just posted (`?done=`).
    static func redirect(to location: String, done message: String) -> Response {
        .redirect(to: location + (location.contains("?") ? "&" : "?") + "done="
                  + (message.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
    }
}

extension JSONEncoder {
    static let vigil: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Instant.format(date))
        }
        return encoder
    }()
}
