import Foundation
import Hummingbird

/// The browser's cookies: the session cookie, and a form token that protects the sign-in form
/// itself before any session exists (double-submit). With `secure` (the default) they carry the
/// `__Host-` prefix and `Secure` (ASVS V3.4); browsers accept that on http://localhost too.
public struct SignInCookies: Sendable {
    public let secure: Bool

    public init(secure: Bool) {
        self.secure = secure
    }

    var sessionName: String { secure ? "__Host-vigil-session" : "vigil-session" }
    var formTokenName: String { secure ? "__Host-vigil-form" : "vigil-form" }

    func session(_ token: String) -> Cookie {
        Cookie(name: sessionName, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    func formToken(_ token: String) -> Cookie {
        Cookie(name: formTokenName, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// An expired cookie that makes the browser forget the session.
    func clearedSession() -> Cookie {
        Cookie(name: sessionName, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
               secure: secure, httpOnly: true, sameSite: .lax)
    }
}
