extension Tables {
    static let pagesEN: [String: String] = [:]
}
