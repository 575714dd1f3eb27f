import Foundation
import VigilCore
import VigilStorage

/// Staff accounts for tests. bcrypt at cost 12 is slow by design, so the one password every test
/// user has is hashed once per test process and reused.
public enum TestStaff {
    public static let password = "correct horse battery staple"
    public static let hasher = PasswordHasher()
    private static let cache = HashCache()

    public static func email(_ role: Role) -> String { "\(role.rawValue)@test.vigil.example" }

    /// Creates one user of the role with the shared password.
    @discardableResult
    public static func create(_ role: Role, in database: Database, email: String? = nil) async throws -> User {
        let draft = try UserDraft(email: email ?? Self.email(role), name: "Test \(role.title)", role: role.rawValue, password: password)
        return try await database.createUser(draft, passwordHash: try await cache.hash(), by: .commandLine)
    }
}

private actor HashCache {
    private var stored: String?

    func hash() async throws -> String {
        if let stored { return stored }
        let hash = try await TestStaff.hasher.hash(TestStaff.password)
        stored = hash
        return hash
    }
}
