import Foundation
import HangarCore
import HangarReport
import Hummingbird
import Mustache

/// Server-rendered pages: a Mustache template per page inside one layout. `{{…}}`
/// escapes everything people typed; only markup made here goes through `{{{…}}}`.
enum Page {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        do {
            for (name, text) in PageTemplates.all { try library.register(text, named: name) }
            try library.register(ReportTemplates.chart, named: "chart")
        } catch {
            preconditionFailure("page templates do not parse: \(error)")
        }
        return library
    }()

    /// Renders `template` with `context` inside the layout.
    static func render(
        _ template: String, title: String, context: [String: Any], identity: Identity?, status: HTTPResponse.Status = .ok,
        flash: (kind: String, text: String)? = nil
    ) -> Response {
        var context = context
        if let identity {
            context["csrf"] = identity.csrf ?? ""
            context["user"] = ["name": identity.staff.name, "id": identity.staff.id, "roles": identity.staff.roles.map(\.rawValue).joined(separator: ", ")]
        }
        let content = library.render(context, withTemplate: template) ?? ""
        return render(content: content, title: title, identity: identity, status: status, flash: flash)
    }

    /// Puts content rendered earlier (the same for every viewer) inside the layout.
    static func render(
        content: String, title: String, identity: Identity?, status: HTTPResponse.Status = .ok,
        flash: (kind: String, text: String)? = nil
    ) -> Response {
        var layout: [String: Any] = ["title": title, "content": content]
        if let identity {
            layout["csrf"] = identity.csrf ?? ""
            layout["user"] = ["name": identity.staff.name, "id": identity.staff.id, "roles": identity.staff.roles.map(\.rawValue).joined(separator: ", ")]
        }
        if let flash { layout["flash"] = ["kind": flash.kind, "text": flash.text] }
        let html = library.render(layout, withTemplate: "layout") ?? ""
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A plain error page.
    static func plain(_ status: HTTPResponse.Status, _ message: String) -> Response {
        render("message", title: "\(status.code) \(status.reasonPhrase)", context: ["message": message], identity: nil, status: status)
    }

    static func redirect(_ location: String) -> Response { .redirect(to: location, type: .found) }

    /// The status of a page showing a refusal.
    static func status(_ error: HangarError) -> HTTPResponse.Status { APIResponse.status(error) }

    /// Percent-encodes a path component (serials and ids are plain already; names may not be).
    static func path(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "?", "#"])) ?? s }
}

/// A parsed `application/x-www-form-urlencoded` body or query string.
struct Form {
    var pairs: [(String, String)]

    init(_ text: String) {
        var components = URLComponents()
        components.percentEncodedQuery = text.replacingOccurrences(of: "+", with: "%20")
        pairs = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
    }

    static func read(_ request: Request) async throws -> Form {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        return Form(String(buffer: buffer))
    }

    subscript(_ name: String) -> String? {
        pairs.first { $0.0 == name }.map { $0.1.trimmingCharacters(in: .whitespaces) }
    }

    /// The value, or nil when absent or empty.
    func nonEmpty(_ name: String) -> String? { self[name].flatMap { $0.isEmpty ? nil : $0 } }

    func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }
}
