import Hummingbird
import Logging
import NIOCore
import VigilCore
import VigilStorage

/// The outermost middleware: whatever goes wrong below, the client gets a problem document (or,
/// for a browser page, an HTML error page) and never a raw error. An error nobody anticipated is
/// a bug: it is logged in full and answered with a generic 500 (ASVS V7.4.1).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = VigilContext
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, logger: context.logger)
            if request.wantsPage {
                return pages.errorPage(problem, context: context)
            }
            return try problem.response(from: request, context: context)
        }
    }

    static func problem(for error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let invalid as ValidationError:
            return .invalid(invalid.errors)
        case let conflict as ConflictError:
            return Problem(.conflict, conflict.summary, errors: conflict.errors)
        case let decoding as DecodingError:
            return Problem(decoding: decoding)
        case StorageError.conflict(let field, let message):
            return Problem(.conflict, "\(field) \(message)", errors: [FieldError(field, message)])
        case StorageError.notFound(let what):
            return .notFound(what)
        case StorageError.forbidden(let reason):
            return Problem(.forbidden, reason)
        case StorageError.rateLimited(let seconds, let message):
            return Problem(.tooManyRequests, message, headers: [.retryAfter: String(seconds)])
        case StorageError.unavailable:
            logger.error("database unavailable", metadata: ["error": "\(error)"])
            return Problem(.serviceUnavailable, "The database is not reachable. Try again shortly.", headers: [.retryAfter: "5"])
        case is NIOTooManyBytesError:
            return Problem(.contentTooLarge, Self.detail(for: .contentTooLarge))
        case let http as HTTPError:
            return Problem(http.status, http.body ?? Self.detail(for: http.status))
        default:
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(.internalServerError, "Something went wrong on the server. It has been logged.")
        }
    }

    private static func detail(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "There is nothing at this address."
        case .contentTooLarge: "The body is larger than the 1 MiB limit."
        case .methodNotAllowed: "This address does not accept that method."
        default: status.reasonPhrase
        }
    }
}

extension Request {
    /// Browser pages get HTML errors; the API and anything asking for JSON get problem documents.
    var wantsPage: Bool {
        let path = uri.path
        if path.hasPrefix("/api/") || path == "/healthz" || path == "/readyz" { return false }
        return headers[.accept]?.contains("text/html") ?? false
    }
}
