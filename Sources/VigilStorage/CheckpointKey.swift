import Crypto
import Foundation
import VigilCore

/// The Ed25519 key that signs chain checkpoints, kept in a file outside the database (mode 0600),
/// so whoever can rewrite the database cannot sign a checkpoint for what they wrote. Verifying needs
/// only the public half, which `vigil audit verify` prints.
public struct CheckpointKey: Sendable {
    let signing: Curve25519.Signing.PrivateKey

    /// The public half, base64: what a checkpoint names and a verifier trusts.
    public var publicKey: String { signing.publicKey.rawRepresentation.base64EncodedString() }

    /// Reads the key at `path`; creates one there when `create` and there is none.
    public static func load(_ path: String, create: Bool) throws -> CheckpointKey? {
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
                throw StorageError.invalidConfiguration("\(path) is not a Vigil checkpoint key")
            }
            return CheckpointKey(signing: key)
        }
        guard create else { return nil }
        let key = Curve25519.Signing.PrivateKey()
        guard FileManager.default.createFile(atPath: path, contents: Data((key.rawRepresentation.base64EncodedString() + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw StorageError.invalidConfiguration("could not write the checkpoint key \(path)")
        }
        return CheckpointKey(signing: key)
    }

    func sign(chain: String, length: Int, headHash: String, at instant: Date) throws -> ChainCheckpoint {
        let signature = try signing.signature(for: ChainCheckpoint.message(chain: chain, length: length, headHash: headHash, signedAt: instant))
        return ChainCheckpoint(chain: chain, length: length, headHash: headHash, signedAt: instant, publicKey: publicKey,
                               signature: signature.base64EncodedString())
    }

    /// Whether `checkpoint` was signed by the key whose public half is `publicKey`.
    public static func isGenuine(_ checkpoint: ChainCheckpoint, publicKey: String) -> Bool {
        guard checkpoint.publicKey == publicKey, let raw = Data(base64Encoded: publicKey),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
              let signature = Data(base64Encoded: checkpoint.signature) else { return false }
        return key.isValidSignature(signature, for: checkpoint.message)
    }
}
