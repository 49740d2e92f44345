import HangarCLI

@main
enum HangarMain {
    static func main() async { await Hangar.runMain() }
}
