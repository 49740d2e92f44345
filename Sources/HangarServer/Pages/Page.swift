import Foundation
import HangarCore
import HangarReport
import Hummingbird
import Mustache

/// Server-rendered pages: a Mustache template per page inside one layout. `{{…}}`
/// escapes everything people typed; only markup made here goes through `{{{…}}}`.
enum Page {
    /// Whether the page is the headquarters server's (its own menu, no workshop pages).
    @TaskLocal static var headquarters = false

    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        do {
            for (name, text) in PageTemplates.all + HQTemplates.all { try HTMLEscaping.register(text, named: name, in: &library) }
            try HTMLEscaping.register(ReportTemplates.chart, named: "chart", in: &library)
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
        if context["title"] == nil { context["title"] = title }  // the message page heads itself with it
        context["t"] = PageLanguage.table()
        context["lang"] = PageLanguage.current.rawValue
        if let identity {
            context["csrf"] = identity.csrf ?? ""
            context["user"] = ["name": identity.staff.name, "id": identity.staff.id, "roles": Self.roleWords(identity.staff.roles), "admin": identity.staff.has(.admin)]
        }
        let content = library.render(context, withTemplate: template) ?? ""
        return render(content: content, title: title, identity: identity, status: status, flash: flash)
    }

    /// Puts content rendered earlier (the same for every viewer) inside the layout.
    static func render(
        content: String, title: String, identity: Identity?, status: HTTPResponse.Status = .ok,
        flash: (kind: String, text: String)? = nil
    ) -> Response {
        var layout: [String: Any] = ["title": title, "content": content, "t": PageLanguage.table(), "lang": PageLanguage.current.rawValue,
                                     "hq": headquarters]
        let back = PageLanguage.here.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/dashboard"
        layout["back"] = back
        layout["langs"] = Language.allCases.map { ["code": $0.rawValue, "name": $0.ownName, "current": $0 == PageLanguage.current] as [String: Any] }
        if let identity {
            layout["csrf"] = identity.csrf ?? ""
            layout["user"] = ["name": identity.staff.name, "id": identity.staff.id, "roles": Self.roleWords(identity.staff.roles), "admin": identity.staff.has(.admin)]
        }
        if let flash { layout["flash"] = ["kind": flash.kind, "text": flash.text] }
        let html = library.render(layout, withTemplate: "layout") ?? ""
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A staff member's roles as the page's language names them (GLOSSARY.md `role.*`).
    static func roleWords(_ roles: [Role]) -> String {
        let table = PageLanguage.table()
        return roles.map { (table["role." + $0.rawValue] as? String) ?? $0.rawValue }.joined(separator: ", ")
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

/// A parsed `application/x-www-form-urlencoded` body or query string (`FormFields`, which
/// refuses instead of trapping). A body that is not a form, or not strictly encoded, is a
/// 400 or 415 before any route looks at it.
struct Form {
    var fields: FormFields
    var pairs: [(name: String, value: String)] { fields.pairs }

    init(_ fields: FormFields) { self.fields = fields }

    /// The form a browser posted. Only `application/x-www-form-urlencoded` bodies are forms
    /// (a cross-site `text/plain` post is refused here, whatever it holds).
    static func read(_ request: Request) async throws -> Form {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) == "application/x-www-form-urlencoded" else {
            throw HTTPError(.unsupportedMediaType, message: "Send the form as application/x-www-form-urlencoded.")
        }
        let buffer = try await request.body.collect(upTo: 1 << 20)
        do {
            return Form(try FormFields.decode(buffer.readableBytesView, strictness: .body))
        } catch {
            throw HTTPError(.badRequest, message: "The form could not be read (\(error.description)).")
        }
    }

    /// The query string of a request (an absent query is an empty form).
    static func query(_ request: Request) throws -> Form {
        guard let query = request.uri.query else { return Form(FormFields(pairs: [])) }
        do {
            return Form(try FormFields.decode(query.utf8, strictness: .query))
        } catch {
            throw HTTPError(.badRequest, message: "The query string could not be read (\(error.description)).")
        }
    }

    /// Like `get` on Hummingbird's query parameters: the first value, untrimmed.
    func get(_ name: String) -> String? { fields[name] }

    subscript(_ name: String) -> String? {
        fields[name].map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The value, or nil when absent or empty.
    func nonEmpty(_ name: String) -> String? { self[name].flatMap { $0.isEmpty ? nil : $0 } }

    func all(_ name: String) -> [String] { fields.all(name) }
}

extension Parameters {
    /// A path parameter, percent-decoded (`Mavic%203` is the model `Mavic 3`); a malformed
    /// escape is a 400.
    func decoded(_ name: String) throws -> String {
        let raw = try require(name)
        guard let text = FormFields.decodePathSegment(raw[...]) else {
            throw HTTPError(.badRequest, message: "The address has a malformed part: \(name) must be percent-encoded UTF-8 without control characters.")
        }
        return text
    }
}
