extension Tables {
    static let reportKK: [String: String] = [:]
}
