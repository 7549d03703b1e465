import ArgumentParser
import Glibc
import Procfile

/// `--watch TYPE=PATH[,PATH...]` and `FORMATION_WATCH` (environment or `.env`, in the same
/// spelling; the options add to it): the files and directories whose change restarts a type's
/// instances. An item with `NAME=` in front starts a type's list; an item without it is one more
/// path of the type before (`web=.build/debug/web,Public,worker=src`). A path with `=` in its
/// first component is written `./a=b`.
struct WatchOptions: ParsableArguments {
    @Option(help: "Restart a type's instances when one of its files or directories changes (directories recursively; editor swap files and .git ignored), one at a time as `supervisor restart TYPE`: TYPE=PATH[,PATH...], relative to the root, e.g. --watch web=.build/debug/web. Repeatable; also $FORMATION_WATCH.")
    var watch: [String] = []

    static let variable = "FORMATION_WATCH"

    /// Each watched type's absolute paths (normalized, each once), from `variable` (the value of
    /// `FORMATION_WATCH`, set at `origin` when a `.env` file set it) and then `values`. Every
    /// problem at once, each one line naming where it came from (exit 78).
    static func parse(
        _ values: [String], variable: String? = nil, origin: VariableOrigin? = nil,
        root: String, knownTypes: [String], running: [String]
    ) throws(SupervisorError) -> [String: [String]] {
        var watches: [String: [String]] = [:]
        var problems: [String] = []
        let entries = (variable.map { [(Self.variable, $0)] } ?? []) + values.map { ("--watch", $0) }
        for (source, value) in entries {
            let place = source == Self.variable ? origin.map { "\($0): " } ?? "" : ""
            var type: String?
            var refused = false
            for piece in value.split(separator: ",", omittingEmptySubsequences: false) {
                let item = String(piece).trimmingSpaces
                let said = "\(place)\(source) \(value.debugDescription)"
                var path = item
                if let (named, rest) = Self.typed(item) {
                    type = named
                    path = rest
                    refused = true
                    guard knownTypes.contains(named) else {
                        problems.append("\(said) names the type \(named.debugDescription), which the Procfile does not have; the Procfile's types are \(knownTypes.joined(separator: ", "))")
                        type = nil
                        continue
                    }
                    guard running.contains(named) else {
                        problems.append("\(said): \(named) has no instances in this run (an admin type, or a count of 0), so there is nothing to restart; watch a type that runs")
                        type = nil
                        continue
                    }
                    refused = false
                }
                guard let watched = type else {
                    // The paths after a refused type are that type's: reported once, with it.
                    if !refused { problems.append("\(said) is not TYPE=PATH[,PATH...]; name the type first, e.g. --watch web=.build/debug/web") }
                    continue
                }
                if let problem = Self.pathProblem(path) {
                    problems.append("\(said): \(problem)")
                    continue
                }
                let absolute = Self.normalize(FileSystem.join(root, path))
                if absolute == "/" {
                    problems.append("\(said): that is the whole file system; name a file or directory of the project")
                    continue
                }
                if !(watches[watched]?.contains(absolute) ?? false) { watches[watched, default: []].append(absolute) }
            }
        }
        guard problems.isEmpty else {
            // Each once: `web=a,,` has two empty paths, one problem.
            let distinct = problems.enumerated().filter { index, problem in !problems[..<index].contains(problem) }.map(\.element)
            throw SupervisorError(code: .configuration, message: distinct.joined(separator: "\n"), errno: nil)
        }
        return watches
    }

    /// `NAME=REST` when NAME could be a process type's name (letters, digits, `_`, `-`).
    static func typed(_ item: String) -> (type: String, path: String)? {
        guard let equals = item.firstIndex(of: "=") else { return nil }
        let name = item[..<equals]
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }) else {
            return nil
        }
        return (String(name), String(item[item.index(after: equals)...]).trimmingSpaces)
    }

    /// Why `path` cannot be watched, if it cannot.
    static func pathProblem(_ path: String) -> String? {
        if path.isEmpty { return "the path is empty; give a file or directory, e.g. web=.build/debug/web" }
        if path.utf8.count >= Int(PATH_MAX) { return "the path is \(path.utf8.count) bytes long, over the system's \(PATH_MAX - 1)" }
        if let long = path.split(separator: "/").first(where: { $0.utf8.count > Int(NAME_MAX) }) {
            return "the name \(String(long.prefix(20)).debugDescription)... is \(long.utf8.count) bytes long, over the system's \(NAME_MAX)"
        }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "the path holds a control character; give a plain path"
        }
        return nil
    }

    /// An absolute path without `.`, `..`, repeated or trailing slashes (the file system is not
    /// asked: the path may not exist yet).
    static func normalize(_ absolute: String) -> String {
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
