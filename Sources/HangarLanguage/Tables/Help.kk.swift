extension Tables {
    /// `--help` in Kazakh, keyed by the English text the commands declare.
    static let helpKK: [String: String] = [:]
}
