import ArgumentParser
import VigilCore

/// Prints a hash-chain verdict as the command line reports it and fails with exit code 1 when broken.
/// A second line says which signed checkpoint the chain's head matches.
func report(_ verdict: ChainVerdict, chain: String, records: String, record: String, publicKey: String?) throws {
    if verdict.intact {
        say("\(chain) intact: \(verdict.entries) \(records)")
        if let checkpoint = verdict.checkpoint {
            say("head matches the checkpoint of \(Instant.format(checkpoint.signedAt)) (\(checkpoint.length) \(records)), signed by key \(checkpoint.publicKey)")
        } else {
            say(publicKey == nil ? "no checkpoint key: truncation of the newest \(records) cannot be checked (vigil checkpoint makes one)"
                : "no checkpoint signed by key \(publicKey!) yet (vigil checkpoint writes one)")
        }
    } else {
        say("\(chain) BROKEN\(verdict.firstBrokenEntry.map { " at \(record) \($0.lowercased)" } ?? ""): \(verdict.reason ?? "")")
        say("\(verdict.entries) \(records) before it verified")
        throw ExitCode(1)
    }
}
