import ArgumentParser

/// `supervisor`: runs a twelve-factor application's Procfile locally exactly as in production.
@main
struct SupervisorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supervisor",
        abstract: "Run a Procfile formation, one-off admin processes, and check or export it.",
        version: "0.1.0",
        subcommands: [Start.self, Run.self, Check.self])
}
