extension Tables {
    /// `--help` in Russian, keyed by the English text the commands declare.
    static let helpRU: [String: String] = [:]
}
