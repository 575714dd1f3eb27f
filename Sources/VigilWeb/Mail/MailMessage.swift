import Foundation

/// An RFC 5322 plain-text message. The body goes as base64 so any text survives any server; a
/// subject outside ASCII is encoded as RFC 2047 words.
struct MailMessage {
    let from: String
    let to: String
    let subject: String
    let body: String

    var encoded: String {
        let date = Date().formatted(.verbatim("\(weekday: .abbreviated), \(day: .twoDigits) \(month: .abbreviated) \(year: .defaultDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits) +0000",
                                              locale: Locale(identifier: "en_US_POSIX"), timeZone: .gmt, calendar: Calendar(identifier: .gregorian)))
        let domain = from.split(separator: "@").last.map { String($0.prefix { $0 != ">" }) } ?? "vigil.invalid"
        let headers = [
            "From: \(from)", "To: <\(to)>", "Subject: \(Self.header(subject))", "Date: \(date)",
            "Message-ID: <\(UUID().uuidString.lowercased())@\(domain)>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64",
        ]
        let lines = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + lines
    }

    static func header(_ text: String) -> String {
        text.allSatisfy { $0.isASCII && !$0.isNewline } ? text : "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }
}
