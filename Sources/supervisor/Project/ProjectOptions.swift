import ArgumentParser

/// Where the Procfile and .env files are, shared by every subcommand.
struct ProjectOptions: ParsableArguments {
    @Option(name: [.customShort("f"), .long], help: "The Procfile to use.")
    var procfile: String = "Procfile"

    @Option(
        name: [.customShort("e"), .long],
        help: "Comma-separated .env files, layered in order (later wins; the real environment wins over all). Default: .env in the root, if present.")
    var env: String?

    @Option(name: [.customShort("d"), .long], help: "The directory processes run in. Default: the Procfile's directory.")
    var root: String?
}

extension ProjectOptions {
    /// The root: `-d`, else the Procfile's directory, made absolute.
    var rootDirectory: String {
        FileSystem.absolute(root ?? FileSystem.directory(of: FileSystem.absolute(procfile)))
    }
}
