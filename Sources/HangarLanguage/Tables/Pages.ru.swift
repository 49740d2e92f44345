extension Tables {
    static let pagesRU: [String: String] = [:]
}
