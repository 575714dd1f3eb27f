import Logging
import ServiceLifecycle
import VigilStorage

/// Signs a checkpoint of the audit trail and the ledger at start and every `interval`, so cutting the
/// newest records off a chain is found by the next verification.
struct CheckpointService: Service {
    let database: Database
    let anchor: ChainAnchor
    let interval: Duration
    let logger: Logger

    /// Writes, then sleeps; a graceful shutdown cancels the sleep.
    func run() async throws {
        try? await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                do {
                    _ = try await anchor.write(database)
                } catch {
                    logger.error("chain checkpoint not written", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
