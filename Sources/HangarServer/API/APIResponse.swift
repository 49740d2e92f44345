import Foundation
import HangarCore
import HangarStore
import Hummingbird
import Logging

/// JSON responses of the API.
enum APIResponse {
    static let log = Logger(label: "hangar")

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: JSONOutput.compact(value))))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(["error": message], status: status)
    }

    /// 401: no valid token or session came with the request.
    static func signInFirst() -> Response {
        var response = error(.unauthorized, "sign in first: send Authorization: Bearer TOKEN (hangar staff token ID) or a session cookie")
        response.headers[.wwwAuthenticate] = "Bearer realm=\"hangar\""
        return response
    }

    /// The HTTP status for a refusal: 403 for a missing role, 404 for an unknown name,
    /// 409 for a rule of the workshop, 422 for bad data.
    static func status(_ error: HangarError) -> HTTPResponse.Status {
        switch error {
        case .roleRequired: return .forbidden
        case .notFound: return .notFound
        case .notAllowedFrom, .rejected: return .conflict
        case .invalidValue, .missingField, .unexpectedField: return .unprocessableContent
        case let .atLine(_, inner), let .withSuggestions(inner, _): return status(inner)
        case .noActor: return .unauthorized
        case .storage: return .internalServerError
        }
    }

    static func refusal(_ error: HangarError) -> Response {
        // Storage errors may carry file paths or SQL: say only that it failed, and put the
        // cause in the server's log for whoever runs it.
        if case .storage = error {
            log.error("a request failed in the database: \(error)")
            return Self.error(.internalServerError, "the database could not complete the request")
        }
        return Self.error(status(error), error.description)
    }
}
