import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP client (RFC 5321) for the few messages Vigil sends: one connection per message,
/// STARTTLS or implicit TLS with certificate verification, AUTH PLAIN when credentials are set.
struct SMTPClient: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let settings: SMTPSettings

    /// Sends one plain-text message; throws with the server's words when it refuses.
    func send(to recipient: String, subject: String, body: String) async throws {
        guard !recipient.contains(where: { $0.isNewline || $0 == "<" || $0 == ">" }) else {
            throw Failure(description: "the address \(recipient.debugDescription) cannot be used")
        }
        let replies = ReplyReader()
        let tlsFirst = settings.security == .tls
        let host = settings.host
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if tlsFirst { try channel.pipeline.syncOperations.addHandler(try Self.tlsHandler(host: host)) }
                    try channel.pipeline.syncOperations.addHandler(replies)
                }
            }
            .connect(host: settings.host, port: settings.port).get()
        do {
            try await conversation(channel, replies, to: recipient, subject: subject, body: body)
            channel.close(promise: nil)
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    private func conversation(_ channel: any Channel, _ replies: ReplyReader, to recipient: String, subject: String, body: String) async throws {
        func expect(_ code: Int, after command: String?) async throws {
            if let command { try await channel.writeAndFlush(ByteBuffer(string: command + "\r\n")).get() }
            let reply = try await channel.eventLoop.flatSubmit { replies.next(on: channel.eventLoop) }.get()
            guard reply.code == code else {
                let what = command.map { String($0.prefix(4)) } ?? "greeting"
                throw Failure(description: "the mail server answered \(what) with \(reply.code) \(reply.text)")
            }
        }
        try await expect(220, after: nil)
        try await expect(250, after: "EHLO vigil")
        if settings.security == .starttls {
            try await expect(220, after: "STARTTLS")
            let handler = try Self.tlsHandler(host: settings.host)
            try await channel.pipeline.addHandler(handler, position: .first).get()
            try await expect(250, after: "EHLO vigil")
        }
        if let username = settings.username, let password = settings.password {
            let credentials = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
            try await expect(235, after: "AUTH PLAIN \(credentials)")
        }
        try await expect(250, after: "MAIL FROM:<\(settings.fromAddress)>")
        try await expect(250, after: "RCPT TO:<\(recipient)>")
        try await expect(354, after: "DATA")
        try await expect(250, after: MailMessage(from: settings.from, to: recipient, subject: subject, body: body).encoded + "\r\n.")
        try? await expect(221, after: "QUIT")
    }

    private static func tlsHandler(host: String) throws -> NIOSSLClientHandler {
        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
        return try NIOSSLClientHandler(context: context, serverHostname: host)
    }
}

/// Splits the server's bytes into replies (a reply ends at a line whose code is followed by a space)
/// and hands them out in order. Used only on its channel's event loop.
private final class ReplyReader: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    struct Reply {
        let code: Int
        let text: String
    }

    private var pending = ""
    private var text: [String] = []
    private var ready: [Reply] = []
    private var waiting: [EventLoopPromise<Reply>] = []
    private var failure: (any Error)?

    func next(on loop: any EventLoop) -> EventLoopFuture<Reply> {
        if !ready.isEmpty { return loop.makeSucceededFuture(ready.removeFirst()) }
        if let failure { return loop.makeFailedFuture(failure) }
        let promise = loop.makePromise(of: Reply.self)
        waiting.append(promise)
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readString(length: buffer.readableBytes) ?? ""
        while let end = pending.range(of: "\r\n") {
            let line = String(pending[..<end.lowerBound])
            pending.removeSubrange(..<end.upperBound)
            text.append(String(line.dropFirst(4)))
            let separator = line.dropFirst(3).first
            guard line.count >= 3, separator == nil || separator == " ", let code = Int(line.prefix(3)) else { continue }
            deliver(Reply(code: code, text: text.joined(separator: " ")))
            text = []
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPClient.Failure(description: "the mail server closed the connection"))
    }

    private func deliver(_ reply: Reply) {
        if waiting.isEmpty { ready.append(reply) } else { waiting.removeFirst().succeed(reply) }
    }

    private func fail(_ error: any Error) {
        failure = failure ?? error
        for promise in waiting { promise.fail(error) }
        waiting = []
    }
}
