extension Tables {
    static let cliRU: [String: String] = [:]
}
