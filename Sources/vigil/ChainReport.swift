import ArgumentParser
import VigilCore

/// Prints a hash-chain verdict as the command line reports it and fails with exit code 1 when broken.
func report(_ verdict: ChainVerdict, chain: String, records: String, record: String) throws {
    if verdict.intact {
        say("\(chain) intact: \(verdict.entries) \(records)")
    } else {
        say("\(chain) BROKEN at \(record) \(verdict.firstBrokenEntry?.lowercased ?? "?"): \(verdict.reason ?? "")")
        say("\(verdict.entries) \(records) before it verified")
        throw ExitCode(1)
    }
}
