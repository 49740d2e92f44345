extension Tables {
    static let fragmentsKK: [String: String] = [:]
}
