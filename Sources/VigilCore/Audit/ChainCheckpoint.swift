import Foundation

/// A signed statement of how long a hash chain was and what its newest hash was at one instant: the
/// anchor outside the rows it protects, so that removing the newest events or entries — which leaves
/// a chain that still links from the first record — is found. It is signed (Ed25519) with a key kept
/// outside the database, and written both to the database and to a log file the database's
/// administrator cannot rewrite.
public struct ChainCheckpoint: Sendable, Codable, Equatable {
    /// `audit` or `ledger`.
    public var chain: String
    public var length: Int
    public var headHash: String
    public var signedAt: Date
    /// The signing key's public half, base64.
    public var publicKey: String
    /// The signature over `message`, base64.
    public var signature: String

    public init(chain: String, length: Int, headHash: String, signedAt: Date, publicKey: String, signature: String) {
        self.chain = chain
        self.length = length
        self.headHash = headHash
        self.signedAt = signedAt
        self.publicKey = publicKey
        self.signature = signature
    }

    /// The bytes signed: every field but the signature, in a fixed order.
    public static func message(chain: String, length: Int, headHash: String, signedAt: Date) -> Data {
        Data("vigil-checkpoint-v1|\(chain)|\(length)|\(headHash)|\(Instant.format(signedAt))".utf8)
    }

    public var message: Data { Self.message(chain: chain, length: length, headHash: headHash, signedAt: signedAt) }

    /// Judges a verified chain against its latest trusted checkpoint, given the stored hash of the
    /// record at the checkpoint's length (nil when there is none).
    public static func judge(_ verdict: ChainVerdict, against checkpoint: ChainCheckpoint?, noun: String, plural: String,
                             hashAtLength: String?) -> ChainVerdict {
        guard verdict.intact, let checkpoint else { return verdict }
        let at = Instant.format(checkpoint.signedAt)
        if checkpoint.length > verdict.entries {
            return ChainVerdict(intact: false, entries: verdict.entries,
                                reason: "\(plural) \(verdict.entries + 1) to \(checkpoint.length) are missing: the chain was cut after the checkpoint of \(at)")
        }
        guard checkpoint.length == 0 || hashAtLength == checkpoint.headHash else {
            return ChainVerdict(intact: false, entries: verdict.entries,
                                reason: "\(noun) \(checkpoint.length) does not match the checkpoint of \(at): the chain was rewritten")
        }
        var anchored = verdict
        anchored.checkpoint = checkpoint
        return anchored
    }
}
