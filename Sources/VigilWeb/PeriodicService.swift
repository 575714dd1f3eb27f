import Logging
import ServiceLifecycle

/// Runs `work` at start and then every `interval` until a graceful shutdown, which cancels the sleep,
/// so stopping never waits an interval. A failure is logged and the next round goes on.
struct PeriodicService: Service {
    /// What the work is, for the log: "measure plans checked", "chain checkpoint written".
    let what: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void

    func run() async throws {
        try? await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                do {
                    try await work()
                } catch {
                    logger.error("not done: \(what)", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
