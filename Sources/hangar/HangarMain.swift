import HangarCLI

@main
enum HangarMain {
    static func main() { Hangar.runMain() }
}
