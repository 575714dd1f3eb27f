import Crypto
import Foundation

/// SHA-256 and random tokens (the checkpoint signing key is the other user of Crypto).
public enum Digest {
    static func sha256Hex(_ text: String) -> String {
        // Lower-case hex, two digits a byte (`String(format:)` per byte cost a fifth of a bulk load).
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(text.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// A token of `bytes` random bytes from the system CSPRNG, URL-safe base64 without padding.
    /// 32 bytes = 256 bits, above ASVS V3.2.2's 128-bit minimum.
    public static func randomToken(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
