import ArgumentParser

/// How the control commands find the formation: its root (`-d`, or `--procfile`, as `start`
/// was given) or the socket itself.
struct ControlOptions: ParsableArguments {
    @Option(name: [.customShort("d"), .long], help: "The formation's root, as given to start (default: the Procfile's directory).")
    var root: String?

    @Option(help: "The Procfile the formation was started with (its directory is the default root).")
    var procfile: String = "Procfile"

    @Option(help: "The control socket (default: $FORMATION_CONTROL, else one derived from the root).")
    var control: String?

    @Flag(help: "Print the reply as JSON.")
    var json = false

    /// The root, exactly as `start` derives it.
    var rootDirectory: String {
        var project = ProjectOptions()
        project.procfile = procfile
        project.root = root
        return project.rootDirectory
    }

    func socketPath(environment: [String: String]) -> String {
        control ?? ControlSocket.defaultPath(root: rootDirectory, environment: environment)
    }
}
