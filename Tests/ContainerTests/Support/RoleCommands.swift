import AppTestSupport
import Foundation

/// What `supervisor export ecs` and `kubernetes` (run in the image, on its own Procfile) write
/// for each process type: the arguments after the image's ENTRYPOINT. The engine checks run
/// exactly these, so the exports and the tests cannot drift apart.
struct RoleCommands: Sendable {
    /// ECS: containerDefinitions[0].command per type.
    var ecs: [String: [String]] = [:]
    /// Kubernetes: the container's args per type.
    var kubernetes: [String: [String]] = [:]
    /// Types whose ECS container sets entryPoint, and Kubernetes files whose container sets a
    /// command; either would replace the image's ENTRYPOINT.
    var entryPointOverrides: [String] = []
    /// The web container's ECS health check (`CMD bash -c ...`).
    var healthCheck: [String] = []

    static let types = ["web", "backup-job", "provision"]

    /// Runs both exports in the image into a folder of the session and reads them.
    static func export(_ session: ImageSession) async throws -> RoleCommands {
        let folder = try session.dataFolder()
        for format in ["ecs", "kubernetes"] {
            try await session.podman.succeed(
                ["run", "--rm", "--network", "none", "--volume", "\(folder):/export", session.image,
                 "export", format, "/export/\(format)", "--app", "formation", "--image", session.image,
                 "-m", "web=1,backup-job=0,provision=0"])
        }
        var commands = RoleCommands()
        for type in types {
            let file = "\(folder)/ecs/formation-\(type).task-definition.json"
            guard let data = FileManager.default.contents(atPath: file),
                  let task = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let container = (task["containerDefinitions"] as? [[String: Any]])?.first,
                  let command = container["command"] as? [String]
            else { throw TestSupportError("\(file): no containerDefinitions[0].command") }
            commands.ecs[type] = command
            if container["entryPoint"] != nil { commands.entryPointOverrides.append("ecs \(type)") }
            if type == "web" { commands.healthCheck = (container["healthCheck"] as? [String: Any])?["command"] as? [String] ?? [] }
        }
        for (type, kind) in [("web", "deployment"), ("backup-job", "cronjob"), ("provision", "cronjob")] {
            let file = "\(folder)/kubernetes/formation-\(type)-\(kind).yaml"
            let text = try String(contentsOfFile: file, encoding: .utf8)
            commands.kubernetes[type] = try list("args", in: text)
            // The container's own `command:` sits beside its `args:` (an exec probe's is deeper).
            let lines = text.split(separator: "\n")
            let indent = lines.first { $0.trimmingCharacters(in: .whitespaces) == "args:" }?.prefix { $0 == " " } ?? ""
            if lines.contains(where: { $0 == indent + "command:" }) {
                commands.entryPointOverrides.append("kubernetes \(type)")
            }
        }
        return commands
    }

    /// The block list under `key:` in the exporter's YAML (one JSON-quoted item per line).
    static func list(_ key: String, in yaml: String) throws -> [String] {
        let lines = yaml.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "\(key):" }) else {
            throw TestSupportError("no \(key): in\n\(yaml)")
        }
        let indent = lines[start].prefix { $0 == " " }
        var items: [String] = []
        for line in lines[(start + 1)...] {
            guard line.hasPrefix(indent + "- ") else { break }
            let quoted = Data(line.dropFirst(indent.count + 2).utf8)
            guard let item = try JSONSerialization.jsonObject(with: quoted, options: .fragmentsAllowed) as? String else {
                throw TestSupportError("not a quoted string in \(key): \(line)")
            }
            items.append(item)
        }
        return items
    }
}
