/// `enroll`: a trainee's name and unit.
public struct Enrolment: KeyedEventPayload {
    public var name: String
    public var unit: String
    public init(name: String, unit: String) { self.name = name; self.unit = unit }
    public enum CodingKeys: String, CodingKey, CaseIterable { case name, unit }
}

/// `withdraw`: why the trainee leaves, if said.
public struct Withdrawal: KeyedEventPayload {
    public var reason: String?
    public init(reason: String? = nil) { self.reason = reason }
    public enum CodingKeys: String, CodingKey, CaseIterable { case reason }
}
