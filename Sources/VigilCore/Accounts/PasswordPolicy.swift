/// Rules for a new password (OWASP ASVS 2.1 / NIST SP 800-63B): at least 12 characters, at least
/// 64 allowed, no composition rules, no forced rotation, and common or guessable choices refused.
public struct PasswordPolicy: Sendable {
    /// ASVS V2.1.1: at least 12 characters.
    public static let minimumCharacters = 12
    /// bcrypt reads at most 72 bytes; a longer password would be silently truncated, so it is refused.
    /// 72 bytes still allows ASVS V2.1.2's 64 characters of ASCII.
    public static let maximumBytes = 72

    /// Well-known passwords of 12+ characters from public breach top lists; shorter ones fail on length.
    static let common: Set<String> = [
        "123456789012", "1234567890123", "12345678901234", "password1234", "password12345",
        "passwordpassword", "qwertyuiop12", "qwertyuiopasdf", "1q2w3e4r5t6y", "1qaz2wsx3edc",
        "iloveyou1234", "letmein12345", "welcome12345", "administrator", "changeme1234",
        "abc123456789", "aaaaaaaaaaaa", "qwerty123456", "trustno1trustno1", "football1234",
        "superman1234", "baseball1234", "sunshine1234", "princess1234", "passw0rd1234",
    ]

    public init() {}

    /// The reasons the password is not acceptable; empty when it is.
    public func problems(with password: String, email: String? = nil, name: String? = nil) -> [String] {
        var reasons: [String] = []
        if password.count < Self.minimumCharacters {
            reasons.append("must be at least \(Self.minimumCharacters) characters")
        }
        if password.utf8.count > Self.maximumBytes {
            reasons.append("must be at most \(Self.maximumBytes) bytes (bcrypt reads no more)")
        }
        let folded = password.lowercased()
        if Self.common.contains(folded) {
            reasons.append("is a commonly used password")
        } else if Set(password).count < 4 {
            reasons.append("uses too few different characters")
        }
        let personal = [email?.split(separator: "@").first.map(String.init), name]
            .compactMap { $0?.lowercased().filter { !$0.isWhitespace } }
            .filter { $0.count >= 4 }
        if personal.contains(where: { folded.contains($0) }) {
            reasons.append("must not contain your name or email")
        }
        return reasons
    }
}
