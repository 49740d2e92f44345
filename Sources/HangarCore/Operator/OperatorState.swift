/// Where a trainee pilot is in their training.
public enum OperatorState: String, CaseIterable, Codable, Sendable {
    case enrolled, inTraining = "in_training", qualified, failed, withdrawn
}
