extension Tables {
    static let fragmentsRU: [String: String] = [:]
}
