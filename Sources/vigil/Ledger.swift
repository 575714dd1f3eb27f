import ArgumentParser
import VigilCore
import VigilStorage

struct Ledger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the controlled-substance ledger.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-compute the ledger's hash chain; exit 0 if intact, 1 naming the first broken entry.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var checkpoints: CheckpointOptions

        func run() async throws {
            let anchor = try checkpoints.anchor(for: database.location, create: false)
            let verdict = try await withDatabase(database, logger: .vigil("vigil"), existing: true) { try await $0.verifyLedgerChain(anchoredBy: anchor) }
            try report(verdict, chain: "ledger chain", records: "entries", record: "entry", publicKey: anchor?.key.publicKey)
        }
    }
}
