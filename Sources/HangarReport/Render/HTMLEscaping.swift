import Mustache

/// HTML escaping for every `{{…}}` placeholder of Hangar's templates, Unicode scalar by
/// scalar. The template library's own escaping looks at whole characters, and a quote
/// followed by a combining mark (`"` + U+0301) is one character that is not `"`: the
/// quote would come out raw inside `value="…"`. Here each of `& < > " '` is replaced
/// wherever it stands, whatever follows it.
public struct HTMLEscaping: MustacheContentType {
    /// The content type's name in a template's `{{% CONTENT_TYPE: … }}` pragma.
    public static let name = "HANGAR_HTML"

    public init() {}

    public func escapeText(_ text: String) -> String { Self.escape(text) }

    public static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Registers `text` in `library` under `name`, escaped by this content type (the pragma
    /// is put in front of it, so no template can forget it).
    public static func register(_ text: String, named name: String, in library: inout MustacheLibrary) throws {
        MustacheContentTypes.register(HTMLEscaping(), named: Self.name)
        try library.register("{{% CONTENT_TYPE: \(Self.name) }}" + text, named: name)
    }
}

/// An empty string closes a section, as in every other Mustache: `{{#batch}} · batch
/// {{batch}}{{/batch}}` shows nothing for an airframe without a batch (swift-mustache would
/// otherwise open it for any string, empty ones included).
extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { isEmpty }
}
