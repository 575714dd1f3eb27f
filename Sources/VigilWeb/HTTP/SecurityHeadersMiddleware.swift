import HTTPTypes
import Hummingbird

/// Headers from OWASP ASVS V14.4 on every response, and `Cache-Control: no-store` on everything but
/// the stylesheet, so no health data stays in a browser cache (ONC 170.315(d)(7)).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = VigilContext

    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'none'", "style-src 'self'", "img-src 'self' data:",
        "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
    ].joined(separator: "; ")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
