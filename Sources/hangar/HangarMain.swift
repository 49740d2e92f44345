import HangarCLI
@main enum Main { static func main() {} }
