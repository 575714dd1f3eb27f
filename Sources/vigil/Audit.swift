import ArgumentParser
import VigilCore
import VigilStorage

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-compute the audit hash chain; exit 0 if intact, 1 naming the first broken event.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var checkpoints: CheckpointOptions

        func run() async throws {
            let anchor = try checkpoints.anchor(for: database.location, create: false)
            let verdict = try await withDatabase(database, logger: .vigil("vigil"), existing: true) { try await $0.verifyAuditChain(anchoredBy: anchor) }
            try report(verdict, chain: "audit chain", records: "events", record: "event", publicKey: anchor?.key.publicKey)
        }
    }
}
