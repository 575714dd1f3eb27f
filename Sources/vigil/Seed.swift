import ArgumentParser
import Foundation
import VigilCore
import VigilStorage

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill an empty database with a synthetic clinic network for measuring (sites, staff, patients, a year of treatment), and print the staff password.",
        discussion: """
        Tiers: small (1 site, about 3,000 sessions a year), network (20 sites, 100,000 sessions), large (200 sites, 1,000,000 sessions). \
        The same --seed writes the same network. Every record is synthetic; never use this on a clinic's database.
        """)

    enum Tier: String, ExpressibleByArgument, CaseIterable {
        case small, network, large

        /// Sites, and the dosing sessions each holds in the year before now.
        var shape: (sites: Int, sessionsPerSite: Int) {
            switch self {
            case .small: (1, 3_000)
            case .network: (20, 5_000)
            case .large: (200, 5_000)
            }
        }
    }

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var timeZone: TimeZoneOption
    @OptionGroup var checkpoints: CheckpointOptions
    @Option(help: "small, network or large.") var tier: Tier = .small
    @Option(help: "The seed of the generator: the same seed writes the same network.") var seed: UInt64 = 20_261_201
    @Option(help: "Sites, instead of the tier's.") var sites: Int?
    @Option(help: "Dosing sessions a site holds in the year, instead of the tier's.") var sessionsPerSite: Int?

    func run() async throws {
        let zone = try timeZone.zone()
        let anchor = try checkpoints.anchor(for: database.location, create: true)
        let shape = (sites: sites ?? tier.shape.sites, sessionsPerSite: sessionsPerSite ?? tier.shape.sessionsPerSite)
        guard (1...1_000).contains(shape.sites), (1...50_000).contains(shape.sessionsPerSite) else {
            throw ValidationError("--sites is 1 to 1,000 and --sessions-per-site 1 to 50,000")
        }
        try await withDatabase(database, logger: .vigil("vigil")) { database in
            guard try await database.userCount() == 0 else {
                throw ValidationError("the database already has users: vigil seed fills an empty database only")
            }
            try await NewID.$source.withValue(NewID.Source(seed: seed)) {
                let network = try await SyntheticNetwork.make(database, sites: shape.sites, sessionsPerSite: shape.sessionsPerSite, seed: seed, zone: zone)
                try await network.fill()
            }
            if let anchor { _ = try await anchor.write(database) }
        }
    }
}

/// A progress line on standard error: a bar, the count, rows a second and the time left.
final class Progress {
    private let total: Int
    private let noun: String
    private let started = Date()
    private var lastShown = Date.distantPast
    private(set) var done = 0
    private(set) var rows = 0

    init(total: Int, noun: String) {
        self.total = max(total, 1)
        self.noun = noun
    }

    func advance(by count: Int, rows added: Int) {
        done += count
        rows += added
        let now = Date()
        guard now.timeIntervalSince(lastShown) >= 0.5 || done >= total else { return }
        lastShown = now
        let elapsed = now.timeIntervalSince(started)
        let fraction = min(Double(done) / Double(total), 1)
        let left = fraction > 0 ? elapsed / fraction - elapsed : 0
        let bar = String(repeating: "#", count: Int(fraction * 30)) + String(repeating: ".", count: 30 - Int(fraction * 30))
        FileHandle.standardError.write(Data(String(format: "\r[%@] %3.0f%% %d/%d %@ · %.0f rows/s · ETA %@ ", bar, fraction * 100, done, total, noun,
                                                   Double(rows) / max(elapsed, 0.001), Self.clock(left)).utf8))
        if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    var rowsPerSecond: Double { Double(rows) / max(Date().timeIntervalSince(started), 0.001) }
    var elapsed: TimeInterval { Date().timeIntervalSince(started) }

    static func clock(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 3600 ? String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60) : String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
