extension Tables {
    static let fragmentTemplates: [String] = []
}
