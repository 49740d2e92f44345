extension Tables {
    static let reportEN: [String: String] = [:]
}
