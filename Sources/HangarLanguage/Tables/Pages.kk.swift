extension Tables {
    static let pagesKK: [String: String] = [:]
}
