import Procfile

/// A loaded application: Procfile, layered environment, formation and port base, read from
/// disk here (the edge) and parsed by the pure `Procfile` library.
struct Project {
    let procfilePath: String
    /// Nil only for `run` without a Procfile.
    let procfile: Procfile?
    let root: String
    let envFiles: [String]
    let environment: ResolvedEnvironment
    let formation: Formation
    let basePort: Int

    /// Every problem found while loading, each on its own line.
    struct LoadError: Error, CustomStringConvertible {
        var problems: [String]
        var description: String { problems.joined(separator: "\n") }
    }

    /// Loads and validates everything, collecting every problem before failing.
    /// `procfileRequired: false` lets `run` work with a plain command and no Procfile.
    static func load(
        _ options: ProjectOptions, formation formationSpec: String?, port: Int?,
        processEnvironment: [String: String], procfileRequired: Bool = true
    ) throws(LoadError) -> Project {
        var problems: [String] = []
        let procfilePath = FileSystem.absolute(options.procfile)
        let root = options.rootDirectory

        var procfile: Procfile?
        if procfileRequired || FileSystem.exists(procfilePath) || options.procfile != "Procfile" {
            do {
                let text = try FileSystem.readText(procfilePath, purpose: "Procfile")
                procfile = try ProcfileParser.parse(text, file: options.procfile)
            } catch let error as SupervisorError {
                problems.append("\(error.description); pass its path with -f/--procfile")
            } catch {
                problems.append(String(describing: error))
            }
        }

        let envFiles = Self.envFiles(options, root: root)
        var texts: [(file: String, text: String)] = []
        for path in envFiles.paths {
            if !envFiles.explicit && !FileSystem.exists(path) { continue }
            do {
                texts.append((path, try FileSystem.readText(path, purpose: ".env file")))
            } catch {
                problems.append("\(error.description); fix the path given with -e/--env")
            }
        }
        var environment = ResolvedEnvironment(variables: processEnvironment, fileKeys: [])
        do {
            environment = try EnvironmentLayers.resolve(files: texts, processEnvironment: processEnvironment)
        } catch {
            problems.append(error.description)
        }

        var formation = Formation.all(1)
        let spec = formationSpec ?? environment.variables["FORMATION"]
        if let spec, let procfile {
            do {
                formation = try Formation.parse(spec, knownTypes: procfile.names, source: formationSpec != nil ? "--formation" : "FORMATION")
            } catch {
                problems.append(error.description)
            }
        }

        var basePort = 5000
        do {
            basePort = try PortBase.resolve(option: port, environment: environment.variables)
        } catch {
            problems.append(error.description)
        }

        if !problems.isEmpty { throw LoadError(problems: problems) }
        let project = Project(
            procfilePath: procfilePath, procfile: procfile, root: root, envFiles: texts.map(\.file),
            environment: environment, formation: formation, basePort: basePort)
        // The formation is bounded here, before `start`, `check` or `export` expands it; `run`
        // (no Procfile required) never runs the formation, so a high PORT does not stop it.
        if procfileRequired, let procfile {
            let source = formationSpec != nil ? "--formation" : spec != nil ? "FORMATION" : "formation"
            let limits = InstancePlan.limitProblems(
                procfile: procfile, counts: { formation.count(for: $0.name) }, basePort: basePort)
            if !limits.isEmpty { throw LoadError(problems: limits.map { "\(source): \($0)" }) }
        }
        return project
    }

    /// The process types in Procfile order (none without a Procfile).
    var processTypes: [ProcessType] { procfile?.processTypes ?? [] }

    private static func envFiles(_ options: ProjectOptions, root: String) -> (paths: [String], explicit: Bool) {
        guard let list = options.env else { return ([FileSystem.join(root, ".env")], false) }
        let paths = list.split(separator: ",").map { FileSystem.absolute(String($0).trimmingSpaces) }
        return (paths, true)
    }

    /// The instances to run. Types named on the command line run alone, at least one each.
    func instances(only types: [String] = []) throws(LoadError) -> [Instance] {
        guard let procfile else { return [] }
        let unknown = types.filter { procfile.processType(named: $0) == nil }
        if !unknown.isEmpty {
            throw LoadError(problems: unknown.map {
                "unknown process type '\($0)'; the Procfile \(procfilePath) defines: \(procfile.names.joined(separator: ", "))"
            })
        }
        do {
            return try InstancePlan.make(procfile: procfile, counts: { type in
                if types.isEmpty { return formation.count(for: type.name) }
                return types.contains(type.name) ? max(1, formation.count(for: type.name)) : 0
            }, basePort: basePort)
        } catch {
            let source = types.isEmpty ? "formation" : "start \(types.joined(separator: " "))"
            throw LoadError(problems: error.problems.map { "\(source): \($0)" })
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var view = Substring(self)
        while view.first == " " || view.first == "\t" { view = view.dropFirst() }
        while view.last == " " || view.last == "\t" { view = view.dropLast() }
        return String(view)
    }
}
