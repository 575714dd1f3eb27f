import SQLKit

extension SQLDatabase {
    /// `SELECT COUNT(*) AS total`, to be given its FROM and WHERE, then read with `total()`.
    func selectCount() -> SQLSelectBuilder {
        select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total")
    }
}

extension SQLSelectBuilder {
    /// The number a `selectCount()` query counted.
    func total() async throws -> Int {
        try await first(decodingColumn: "total", as: Int.self) ?? 0
    }
}
