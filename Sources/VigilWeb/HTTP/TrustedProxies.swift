import Foundation
import Hummingbird

/// The reverse proxies whose word about the client's address is taken (`--trusted-proxy`): single
/// addresses or CIDR ranges, IPv4 or IPv6. Only a request that comes from one of them has its
/// `X-Forwarded-For` or `Forwarded` header read; anyone else could write any address there.
public struct TrustedProxies: Sendable, Equatable {
    /// An address range: the network's bytes and the number of leading bits that must match.
    public struct Range: Sendable, Equatable {
        let bytes: [UInt8]
        let prefix: Int

        /// Reads `203.0.113.7`, `10.0.0.0/8`, `::1` or `2001:db8::/32`; nil when it is neither.
        public init?(_ text: String) {
            let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1).map(String.init)
            guard let first = parts.first, let bytes = Self.bytes(of: first) else { return nil }
            let bits = bytes.count * 8
            let prefix = parts.count == 2 ? Int(parts[1]) : bits
            guard let prefix, (0...bits).contains(prefix) else { return nil }
            self.bytes = bytes
            self.prefix = prefix
        }

        public func contains(_ address: String) -> Bool {
            guard let other = Self.bytes(of: address), other.count == bytes.count else { return false }
            for bit in 0..<prefix {
                let mask = UInt8(0x80) >> UInt8(bit % 8)
                if bytes[bit / 8] & mask != other[bit / 8] & mask { return false }
            }
            return true
        }

        /// The address's bytes: 4 for IPv4, 16 for IPv6.
        static func bytes(of text: String) -> [UInt8]? {
            var v4 = in_addr()
            if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
            var v6 = in6_addr()
            if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
            return nil
        }
    }

    public var ranges: [Range]

    public init(_ ranges: [Range] = []) { self.ranges = ranges }

    /// Reads a comma-separated list; nil naming the first entry that is not an address or range.
    public static func parse(_ text: String) -> Result<TrustedProxies, ParseError> {
        var ranges: [Range] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let range = Range(entry) else { return .failure(ParseError(entry: entry)) }
            ranges.append(range)
        }
        return .success(TrustedProxies(ranges))
    }

    public struct ParseError: Error, Sendable { public let entry: String }

    public func trusts(_ address: String) -> Bool { ranges.contains { $0.contains(address) } }

    /// The client's address: the socket's, unless that is a trusted proxy; then the nearest address
    /// in the forwarding chain (right to left) that is not itself a trusted proxy.
    public func client(socket: String?, forwardedFor: String?, forwarded: String?) -> String? {
        guard let socket, trusts(socket) else { return socket }
        let chain = forwarded.map(Self.forwardedFor) ?? forwardedFor.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        let addresses = chain.filter { Range.bytes(of: $0) != nil }
        return addresses.last { !trusts($0) } ?? addresses.first ?? socket
    }

    /// The `for=` addresses of an RFC 7239 `Forwarded` header, without quotes, brackets or ports.
    static func forwardedFor(_ header: String) -> [String] {
        header.split(separator: ",").compactMap { element in
            element.split(separator: ";").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.lowercased().hasPrefix("for=") }
                .map { value in
                    var address = String(value.dropFirst(4)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    if address.hasPrefix("["), let end = address.firstIndex(of: "]") {
                        address = String(address[address.index(after: address.startIndex)..<end])
                    } else if address.filter({ $0 == ":" }).count == 1, let colon = address.firstIndex(of: ":") {
                        address = String(address[..<colon])
                    }
                    return address
                }
        }
    }
}

/// Sets the request's client address from the forwarding headers when the socket is a trusted proxy.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = VigilContext
    let proxies: TrustedProxies

    func handle(_ request: Request, context: VigilContext, next: (Request, VigilContext) async throws -> Response) async throws -> Response {
        guard !proxies.ranges.isEmpty else { return try await next(request, context) }
        var context = context
        context.address = proxies.client(socket: context.address, forwardedFor: request.headers[values: .init("X-Forwarded-For")!].joined(separator: ","),
                                         forwarded: request.headers[values: .init("Forwarded")!].nilIfEmptyJoined)
        return try await next(request, context)
    }
}

private extension Array where Element == String {
    var nilIfEmptyJoined: String? { isEmpty ? nil : joined(separator: ",") }
}
