import Foundation

/// Notices when the SQLite file a running server opened is deleted or replaced underneath it. SQLite
/// keeps writing to the open, unlinked file, so without this `/readyz` stays ready and every write
/// answers 201 into a file no one will ever read again. The file is known by its device and inode,
/// taken the first time it is seen; from then on a missing file, or another file at the path, makes
/// writes and readiness fail with `StorageError.unavailable` (503).
final class DatabaseFileGuard: @unchecked Sendable {
    private struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    let path: String
    private let lock = NSLock()
    private var known: Identity?

    init(path: String) {
        self.path = path
        known = Self.identity(of: path)
    }

    /// Throws when the file seen before is gone or replaced.
    func check() throws {
        let now = Self.identity(of: path)
        let seen: Identity? = lock.withLock {
            if known == nil { known = now }
            return known
        }
        guard let seen else { return }
        if now == nil {
            throw StorageError.unavailable("the database file \(path) was deleted while the server ran; restore it from a backup")
        }
        if now != seen {
            throw StorageError.unavailable("the database file \(path) was replaced while the server ran; restart the server to open the new one")
        }
    }

    private static func identity(of path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
