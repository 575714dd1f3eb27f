import ArgumentParser
import Foundation
import VigilCore
import VigilStorage

/// `--checkpoint-key` and `--checkpoint-log`: where the chains' signed checkpoints are kept, outside
/// the database. By default beside a SQLite file (`vigil.sqlite.checkpoint-key`, `vigil.sqlite.checkpoints`),
/// or in the working folder for PostgreSQL; give every server process the same key.
struct CheckpointOptions: ParsableArguments {
    @Option(help: "The Ed25519 key that signs checkpoints (env VIGIL_CHECKPOINT_KEY; created by serve and checkpoint when missing).")
    var checkpointKey: String?

    @Option(help: "The append-only log checkpoints are also written to (env VIGIL_CHECKPOINT_LOG).")
    var checkpointLog: String?

    func keyPath(for location: DatabaseLocation) -> String {
        checkpointKey ?? Environment.value("VIGIL_CHECKPOINT_KEY") ?? Self.beside(location, "checkpoint-key", otherwise: "vigil-checkpoint.key")
    }

    func log(for location: DatabaseLocation) -> CheckpointLog {
        CheckpointLog(path: checkpointLog ?? Environment.value("VIGIL_CHECKPOINT_LOG") ?? Self.beside(location, "checkpoints", otherwise: "vigil-checkpoints.jsonl"))
    }

    private static func beside(_ location: DatabaseLocation, _ suffix: String, otherwise: String) -> String {
        if case .sqlite(let path) = location { return path + "." + suffix }
        return otherwise
    }

    /// The key (created when `create` and missing) and the log; nil when there is no key and none is made.
    func anchor(for location: DatabaseLocation, create: Bool) throws -> ChainAnchor? {
        try CheckpointKey.load(keyPath(for: location), create: create).map { ChainAnchor(key: $0, log: log(for: location)) }
    }
}

struct Checkpoint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign a checkpoint of the audit trail and the ledger now (serve does so every few minutes), into the database and the checkpoint log.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var checkpoints: CheckpointOptions

    func run() async throws {
        let anchor = try checkpoints.anchor(for: database.location, create: true)!
        let written = try await withDatabase(database, logger: .vigil("vigil"), existing: true) { try await anchor.write($0) }
        for checkpoint in written { say("checkpoint of the \(checkpoint.chain) chain: \(checkpoint.length) records, head \(checkpoint.headHash.prefix(16))…") }
        say("signed by key \(written.first?.publicKey ?? "")")
    }
}
