/// The fields of one kind of event (besides the envelope: id, time, author, subject, and the
/// optional `note` every event may carry). One type per kind or per family of kinds with the
/// same fields; each is Codable, and the same coding serves the interchange line, the API,
/// the `data` column and the report. A required field is a non-optional property.
public protocol EventPayload: Codable, Equatable, Sendable {
    /// The field names, in the order messages list them.
    static var fieldNames: [String] { get }
    /// Fields the rules compute and store, which an input may not give (QC's `limits`).
    static var storedOnly: Set<String> { get }
}

/// A payload whose fields are its `CodingKeys`.
public protocol KeyedEventPayload: EventPayload {
    associatedtype CodingKeys: CodingKey & CaseIterable & RawRepresentable<String>
}

extension KeyedEventPayload {
    public static var fieldNames: [String] { CodingKeys.allCases.map(\.rawValue) }
}

extension EventPayload {
    public static var storedOnly: Set<String> { [] }
}

extension CodingUserInfoKey {
    /// Set (to `true`) when writing an interchange line: stored-only fields are left out.
    public static let interchangeLine = CodingUserInfoKey(rawValue: "hangar.interchangeLine")!
    /// Set (to `true`) when reading for metrics: stored-only fields (QC's `limits`) are skipped.
    public static let skipsStoredOnly = CodingUserInfoKey(rawValue: "hangar.skipsStoredOnly")!
}

/// A coding key named at run time: to list or refuse the keys an object holds (a checklist
/// item's `colour`), and to write objects whose keys are data (the report's units).
public struct AnyKey: CodingKey {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ s: String) { stringValue = s }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}
