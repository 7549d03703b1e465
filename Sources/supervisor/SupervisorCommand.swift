import ArgumentParser

@main
struct SupervisorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "supervisor")
    func run() async throws { print("hello") }
}
