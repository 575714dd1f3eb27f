import Foundation
import Testing
import VigilCore
import VigilTestSupport

@Suite("Accounts")
struct AccountRulesTests {
    @Test func emailIsTrimmedAndLowerCased() {
        #expect(EmailAddress("  Nurse@Clinic.Example ")?.value == "nurse@clinic.example")
        for bad in ["", "nurse", "nurse@", "@clinic.example", "a@b", "a b@c.example", "a@@c.example", "a@.example"] {
            #expect(EmailAddress(bad) == nil, "\(bad) accepted")
        }
    }

    @Test(arguments: [
        ("short-pw", "must be at least 12 characters"),
        ("password1234", "is a commonly used password"),
        ("aaaabbbbaaaabbbb", "uses too few different characters"),
        (String(repeating: "é", count: 40), "must be at most 72 bytes (bcrypt reads no more)"),
        ("my-name-is-priyanka!", "must not contain your name or email"),
    ])
    func passwordPolicyRefusesWithReason(password: String, reason: String) {
        #expect(PasswordPolicy().problems(with: password, email: "priyanka@clinic.example").contains(reason))
    }

    @Test func passwordPolicyAcceptsALongPassphraseOf64Characters() {
        #expect(PasswordPolicy().problems(with: "correct horse battery staple").isEmpty)
        #expect(PasswordPolicy().problems(with: String(repeating: "abcdefgh", count: 8)).isEmpty)
    }

    @Test func userDraftReportsEveryProblemAtOnce() {
        #expect(throws: ValidationError([
            FieldError("email", "is not a valid email address"), FieldError("name", "is required"),
            FieldError("role", "must be one of admin, prescriber, nurse, front-desk, auditor"),
            FieldError("password", "must be at least 12 characters"),
        ])) {
            try UserDraft(email: "nope", name: "  ", role: "surgeon", password: "short")
        }
    }

    @Test func userChangeDescribesWhatChanged() throws {
        let user = User(id: UUID(), email: "n@c.example", name: "N", role: .nurse, active: true, createdAt: TestTime.now)
        let change = try UserChange.checked(name: nil, role: "prescriber", active: false)
        #expect(change.describe(from: user) == "role: nurse → prescriber; active: true → false")
        #expect(throws: ValidationError.self) { try UserChange.checked(name: nil, role: nil, active: nil) }
    }
}
