import Foundation
import SQLKit
import VigilCore

/// How one table's rows are written: its columns, and how a value becomes a row of bound values in
/// that order. The clinic writes a record one at a time and `vigil seed` many to a statement, through
/// the same writer, so a column is named in one place.
struct RowWriter<Value>: Sendable {
    let table: String
    let columns: [String]
    let row: @Sendable (Value) -> [any Encodable & Sendable]

    /// Inserts the values, as many rows a statement as the engines allow (SQLite binds at most
    /// 32,766 values in one statement, PostgreSQL 65,535).
    func insert(_ values: [Value], into sql: any SQLDatabase) async throws {
        let perStatement = max(1, 30_000 / columns.count)
        var start = 0
        while start < values.count {
            let end = min(start + perStatement, values.count)
            var insert = sql.insert(into: table).columns(columns)
            for value in values[start..<end] { insert = insert.values(row(value).map { SQLBind($0) }) }
            try await insert.run()
            start = end
        }
    }

    func insert(_ value: Value, into sql: any SQLDatabase) async throws {
        try await insert([value], into: sql)
    }
}

/// A Codable row type whose properties are its table's columns (the chains' rows), many to a statement.
func insertModels<Row: Encodable & Sendable>(_ rows: [Row], into table: String, columns: Int, on sql: any SQLDatabase) async throws {
    let perStatement = max(1, 30_000 / columns)
    var start = 0
    while start < rows.count {
        let end = min(start + perStatement, rows.count)
        try await sql.insert(into: table).models(Array(rows[start..<end]), nilEncodingStrategy: .asNil).run()
        start = end
    }
}
