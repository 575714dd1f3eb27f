import Foundation
import SQLKit
import VigilCore

extension Database {
    /// Signs and stores a checkpoint of the audit trail and of the ledger as they stand, inside one
    /// serialised write (so each head is exact), and returns them for the checkpoint log.
    public func writeCheckpoints(_ key: CheckpointKey) async throws -> [ChainCheckpoint] {
        try await write { tx in
            var written: [ChainCheckpoint] = []
            for chain in HashChain.anchored {
                let next = try await chain.next(in: tx.sql)
                let checkpoint = try key.sign(chain: chain.name, length: Int(next.sequence - 1), headHash: next.previousHash, at: tx.now)
                try await tx.sql.insert(into: "chain_checkpoints")
                    .columns("id", "chain", "length", "head_hash", "signed_at", "public_key", "signature")
                    .values(SQLBind(NewID.make().lowercased), SQLBind(checkpoint.chain), SQLBind(checkpoint.length), SQLBind(checkpoint.headHash),
                            SQLBind(Instant.format(checkpoint.signedAt)), SQLBind(checkpoint.publicKey), SQLBind(checkpoint.signature))
                    .run()
                written.append(checkpoint)
            }
            return written
        }
    }

    /// Re-computes a chain and judges it against the latest genuine checkpoint signed by `publicKey`,
    /// from the database's rows and from `log` (the copy outside it).
    func anchoredVerdict(_ chain: HashChain, batchSize: Int, publicKey: String?, log: [ChainCheckpoint]) async throws -> ChainVerdict {
        let verdict = try await chain.verify(in: self, batchSize: batchSize)
        guard let publicKey else { return verdict }
        let stored = try await read { sql in
            try await sql.select().column("*").from("chain_checkpoints").where("chain", .equal, chain.name).where("public_key", .equal, publicKey)
                .all().map { row in
                    ChainCheckpoint(chain: try row.decode(column: "chain", as: String.self), length: try row.decode(column: "length", as: Int.self),
                                    headHash: try row.decode(column: "head_hash", as: String.self),
                                    signedAt: Instant.parse(try row.decode(column: "signed_at", as: String.self)) ?? .distantPast,
                                    publicKey: try row.decode(column: "public_key", as: String.self), signature: try row.decode(column: "signature", as: String.self))
                }
        }
        let latest = (stored + log.filter { $0.chain == chain.name })
            .filter { CheckpointKey.isGenuine($0, publicKey: publicKey) }
            .max { ($0.length, $0.signedAt) < ($1.length, $1.signedAt) }
        let length = latest?.length ?? 0
        let hash = try await read { sql in
            try await sql.select().column("hash").from(chain.table).where("sequence", .equal, length).first()?.decode(column: "hash", as: String.self)
        }
        return ChainCheckpoint.judge(verdict, against: latest, noun: chain.noun, plural: chain.plural, hashAtLength: hash)
    }
}
