extension Tables {
    static let cliKK: [String: String] = [:]
}
