import ArgumentParser
import Logging
import VigilStorage

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try database.checkLocation()
        let storage = try Database.open(database.location, logger: .vigil("vigil"), clock: try DatabaseOptions.clock())
        do {
            let applied = try await storage.migrate()
            say(applied.isEmpty ? "schema up to date" : "applied \(applied.count) migration(s): \(applied.joined(separator: ", "))")
            try await storage.shutdown()
        } catch {
            try? await storage.shutdown()
            throw error
        }
    }
}
