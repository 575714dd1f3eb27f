/// Where the data lives: a SQLite file (the default, `vigil.sqlite` in the working directory)
/// or a PostgreSQL server given by a `postgres://` URL.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultSQLitePath = "vigil.sqlite"

    /// Reads a `--database` value: a `postgres://` (or `postgresql://`) URL, else a file path.
    public init(_ text: String) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            self = .sqlite(path: text)
        }
    }

    public var engine: Engine {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// Safe to print: the password of a PostgreSQL URL is masked.
    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite file \(path)"
        case .postgres(let url):
            if let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://"),
               let colon = url[scheme.upperBound..<at].firstIndex(of: ":") {
                "PostgreSQL \(url[..<url.index(after: colon)])***\(url[at...])"
            } else {
                "PostgreSQL \(url)"
            }
        }
    }
}
