import HummingbirdBcrypt
import NIOPosix

/// bcrypt with a work factor of at least 12 (OWASP ASVS V2.4.4 asks ≥ 10; the foundation issue
/// sets 12), always run on NIO's blocking thread pool so a sign-in never stalls the event loop.
public struct PasswordHasher: Sendable {
    public static let minimumCost: UInt8 = 12
    public let cost: UInt8
    /// A hash of a random secret, verified against when an email has no account, so that a wrong
    /// email and a wrong password take the same time.
    private let decoy: String

    public init(cost: UInt8 = PasswordHasher.minimumCost) {
        precondition(cost >= Self.minimumCost, "bcrypt cost must be at least \(Self.minimumCost)")
        self.cost = cost
        self.decoy = Bcrypt.hash(Digest.randomToken(), cost: cost)
    }

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Checks a password against a stored hash, or against the decoy when there is none.
    public func verify(_ password: String, against hash: String?) async throws -> Bool {
        let target = hash ?? decoy
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return matches && hash != nil
    }
}
