import Foundation
import VigilCore

/// Checkpoints as JSON lines in a file outside the database, appended to and never rewritten: the
/// copy a database administrator who deletes the newest records and their checkpoint rows cannot
/// reach. Put it where the database's administrators cannot write (another machine, an append-only
/// file, the system log).
public struct CheckpointLog: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func append(_ checkpoints: [ChainCheckpoint]) throws {
        let encoder = JSONEncoder()
        // Instants as everywhere in Vigil, to the millisecond: the signature covers that text.
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Instant.format(date))
        }
        encoder.outputFormatting = .sortedKeys
        var lines = Data()
        for checkpoint in checkpoints {
            lines.append(try encoder.encode(checkpoint))
            lines.append(0x0A)
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StorageError.invalidConfiguration("could not create the checkpoint log \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw StorageError.invalidConfiguration("could not open the checkpoint log \(path)") }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: lines)
        try handle.synchronize()
    }

    /// Every checkpoint the log holds (none when there is no log); lines that do not read are skipped,
    /// since each checkpoint's own signature is what is trusted.
    public func read() -> [ChainCheckpoint] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Instant.parse(text) else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text)) }
            return date
        }
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(ChainCheckpoint.self, from: Data($0)) }
    }
}

/// The checkpoint key and log together: what signs checkpoints and what a chain's verdict is judged
/// against, the one way the server, the command line and the API do both.
public struct ChainAnchor: Sendable {
    public let key: CheckpointKey
    public let log: CheckpointLog

    public init(key: CheckpointKey, log: CheckpointLog) {
        self.key = key
        self.log = log
    }

    /// Signs a checkpoint of both chains now, into the database and the log.
    public func write(_ database: Database) async throws -> [ChainCheckpoint] {
        let written = try await database.writeCheckpoints(key)
        try log.append(written)
        return written
    }
}

extension Database {
    /// The audit chain verified and, with an anchor, judged against its latest checkpoint.
    public func verifyAuditChain(anchoredBy anchor: ChainAnchor?) async throws -> ChainVerdict {
        try await verifyAuditChain(publicKey: anchor?.key.publicKey, log: anchor?.log.read() ?? [])
    }

    /// The ledger's chain verified and, with an anchor, judged against its latest checkpoint.
    public func verifyLedgerChain(anchoredBy anchor: ChainAnchor?) async throws -> ChainVerdict {
        try await verifyLedgerChain(publicKey: anchor?.key.publicKey, log: anchor?.log.read() ?? [])
    }
}
