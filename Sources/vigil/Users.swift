import ArgumentParser
import Foundation
import VigilCore
import VigilStorage

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage staff accounts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user. The password is read from standard input when it is not a terminal, else prompted.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Sign-in email (unique, case-insensitive).") var email: String
        @Option(help: "Display name.") var name: String
        @Option(help: "One of \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String

        func run() async throws {
            let password = try Self.readPassword()
            let draft: UserDraft
            do {
                draft = try UserDraft(email: email, name: name, role: role, password: password)
            } catch {
                throw ValidationError(error.errors.map { "\($0.field) \($0.message)" }.joined(separator: "\n"))
            }
            let user = try await withDatabase(database, logger: .vigil("vigil")) { database in
                do {
                    return try await database.createUser(draft, passwordHash: try await PasswordHasher().hash(password), by: .commandLine)
                } catch let error as StorageError {
                    throw ValidationError(error.description)
                }
            }
            say("created \(user.role.rawValue) \(user.email) (\(user.id.lowercased))")
        }

        static func readPassword() throws -> String {
            if isatty(STDIN_FILENO) == 0 {
                guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
                return line
            }
            guard let first = getpass("Password (at least 12 characters): ").map({ String(cString: $0) }),
                  let second = getpass("Repeat the password: ").map({ String(cString: $0) })
            else { throw ValidationError("no password entered") }
            guard first == second else { throw ValidationError("the passwords do not match") }
            return first
        }
    }
}
