import ArgumentParser
import ExitCodes
import Glibc
import Procfile

/// What the subcommands share: loading the project and reporting failures on stderr.
enum CommandSupport {
    /// The configuration (Procfile, .env, formation) is invalid.
    static let configurationError = SysExit.configuration
    /// The supervisor could not do its own work (a system call failed).
    static let systemError = SysExit.osError
    /// A request the formation (or a running one) refused: `supervisor stop nope`, a second `start`.
    static let refused: Int32 = 1
    /// No formation answers on the control socket (or only an impostor does).
    static let unavailable = SysExit.unavailable
    /// `start` refused a sockets' directory or path another user controls.
    static let unsafe = SysExit.noPermission

    static func load(_ options: ProjectOptions, formation: String?, port: Int?, environment: [String: String], procfileRequired: Bool = true) throws -> Project {
        do {
            return try Project.load(options, formation: formation, port: port, processEnvironment: environment, procfileRequired: procfileRequired)
        } catch {
            report(error.problems)
            throw ExitCode(configurationError)
        }
    }

    static func instances(of project: Project, only types: [String]) throws -> [Instance] {
        let instances: [Instance]
        do {
            instances = try project.instances(only: types)
        } catch {
            report(error.problems)
            throw ExitCode(configurationError)
        }
        if instances.isEmpty {
            report(["nothing to run: the formation runs 0 instances of every type; set -m/--formation or FORMATION, e.g. -m all=1"])
            throw ExitCode(configurationError)
        }
        return instances
    }

    static func orExit<T>(_ body: () throws(SupervisorError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            report([error.description])
            switch error.code {
            case .alreadyRunning: throw ExitCode(refused)
            case .configuration: throw ExitCode(configurationError)
            case .unsafeSocket: throw ExitCode(unsafe)
            default: throw ExitCode(systemError)
            }
        }
    }

    static func report(_ problems: [String]) {
        for problem in problems {
            for line in problem.split(separator: "\n") {
                StandardError.write("supervisor: \(line)\n")
            }
        }
    }
}
