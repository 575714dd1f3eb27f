import Foundation
import SQLKit
import VigilCore

/// A record in a hash chain: its hash covers its content, which includes its predecessor's hash.
protocol ChainLink: Sendable {
    var id: UUID { get }
    var sequence: Int64 { get }
    var previousHash: String { get }
    var hash: String { get }
    var canonicalContent: String { get }
}

extension AuditEvent: ChainLink {}
extension LedgerEntry: ChainLink {}

/// An append-only table chained by SHA-256: the audit trail and the controlled-substance ledger.
struct HashChain: Sendable {
    /// `audit` or `ledger`, as a checkpoint names it.
    let name: String
    let table: String
    /// What one record is called in a verdict's reason: "event", "entry".
    let noun: String
    let plural: String
    let link: @Sendable (any SQLRow) throws -> any ChainLink

    static let genesisHash = AuditEvent.genesisHash
    /// The chains that checkpoints anchor.
    static let anchored: [HashChain] = [.audit, .ledger]

    /// The next sequence number and the hash it links to. Writes are serialised (see
    /// `Database.write`), so reading the head inside a write is race-free.
    func next(in sql: any SQLDatabase) async throws -> (sequence: Int64, previousHash: String) {
        let head = try await sql.select().columns("sequence", "hash").from(table).orderBy("sequence", .descending).limit(1).first()
        return (try (head?.decode(column: "sequence", as: Int64.self) ?? 0) + 1, try head?.decode(column: "hash", as: String.self) ?? Self.genesisHash)
    }

    /// Re-computes the whole chain from the first record: each hash must match its content, each
    /// record must link to its predecessor's hash, and sequence numbers must have no gaps.
    func verify(in database: Database, batchSize: Int) async throws -> ChainVerdict {
        var expectedSequence: Int64 = 1
        var previousHash = Self.genesisHash
        while true {
            let from = expectedSequence
            let batch = try await database.read { sql in
                try await sql.select().column("*").from(table).where("sequence", .greaterThanOrEqual, from).orderBy("sequence").limit(batchSize).all()
            }
            for row in batch {
                let checked = Int(expectedSequence - 1)
                guard let record = try? link(row) else {
                    let id = (try? row.decode(column: "id", as: String.self)).flatMap(UUID.init(uuidString:))
                    return ChainVerdict(intact: false, entries: checked, firstBrokenEntry: id,
                                        reason: "\(noun) \((try? row.decode(column: "sequence", as: Int64.self)) ?? 0) has a value that is not valid")
                }
                if record.sequence != expectedSequence {
                    return ChainVerdict(intact: false, entries: checked, firstBrokenEntry: record.id,
                                        reason: "\(plural) \(expectedSequence) to \(record.sequence - 1) are missing")
                }
                if record.previousHash != previousHash {
                    return ChainVerdict(intact: false, entries: checked, firstBrokenEntry: record.id,
                                        reason: "\(noun) \(record.sequence) does not link to the hash of the \(noun) before it")
                }
                if Digest.sha256Hex(record.canonicalContent) != record.hash {
                    return ChainVerdict(intact: false, entries: checked, firstBrokenEntry: record.id,
                                        reason: "\(noun) \(record.sequence) was altered after it was written")
                }
                previousHash = record.hash
                expectedSequence += 1
            }
            if batch.count < batchSize { break }
        }
        return ChainVerdict(intact: true, entries: Int(expectedSequence - 1))
    }
}
