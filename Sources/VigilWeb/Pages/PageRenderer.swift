import Foundation
import Hummingbird
import Mustache
import VigilCore

/// Renders Mustache templates shipped as package resources. Mustache escapes every `{{value}}`
/// by default, which is Vigil's output encoding for HTML (ASVS V5.3.3).
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every `.mustache` file in the package's Templates folder.
    public static func load() async throws -> PageRenderer {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "Templates folder missing from the bundle"])
        }
        return PageRenderer(library: try await MustacheLibrary(directory: folder.path))
    }

    func render(_ template: String, _ model: Any) -> String {
        guard let html = library.render(model, withTemplate: template) else {
            preconditionFailure("template \(template) is missing from the bundle")
        }
        return html
    }

    func page(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok) -> Response {
        .html(render(template, model), status: status)
    }

    /// An error as a page a person can act on, with the way home.
    func errorPage(_ problem: Problem, context: VigilContext) -> Response {
        let model = ErrorView(shell: Shell(title: problem.title, context: context, switcher: false), status: Int(problem.status.code),
                              title: problem.title, detail: problem.detail, errors: problem.errors)
        var response = page("error", model, status: problem.status)
        for field in problem.headers where field.name != .wwwAuthenticate { response.headers.append(field) }
        return response
    }

    struct ErrorView {
        let shell: Shell
        let status: Int
        let title: String
        let detail: String
        let errors: [FieldError]
    }
}
