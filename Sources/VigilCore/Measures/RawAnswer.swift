/// One answer as a client sent it, before it is checked against the item: a number, an explicit
/// null (a skipped question), or something else entirely. Yes/no items also accept true and false.
public enum RawAnswer: Sendable, Equatable, Decodable {
    case number(Double)
    case skipped
    case invalid(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .skipped
        } else if let flag = try? container.decode(Bool.self) {
            self = .number(flag ? 1 : 0)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .invalid("the text \"\(text.prefix(20))\"")
        } else {
            self = .invalid("a list or object")
        }
    }
}
