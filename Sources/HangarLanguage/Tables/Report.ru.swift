extension Tables {
    static let reportRU: [String: String] = [:]
}
