import ArgumentParser

@main
struct Vigil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Vigil — a clinic system for ketamine and esketamine treatment programs.",
        discussion: """
            Clinical decision support for trained staff; it does not replace clinical judgement.
            Settings come from flags, then VIGIL_* environment variables, then defaults.
            """,
        subcommands: [Serve.self, Migrate.self, Users.self, Audit.self, Ledger.self, Checkpoint.self, Backup.self, Restore.self, Demo.self, Seed.self])
}
